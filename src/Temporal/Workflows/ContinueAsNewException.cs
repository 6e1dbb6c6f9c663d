using Graduate.Temporal.Exceptions;

namespace Graduate.Temporal.Workflows;

/// <summary>Thrown by workflow code to end this run and start a fresh one of the same workflow with new input.</summary>
public sealed class ContinueAsNewException : TemporalException
{
    public ContinueAsNewException(params object?[] args)
        : base("continue as new")
    {
        Args = args;
    }

    /// <summary>The new run's input.</summary>
    public IReadOnlyList<object?> Args { get; }
}
