namespace Graduate.Temporal.Exceptions;

/// <summary>Workflow code produced commands that do not match what its history says it did before.</summary>
public sealed class NonDeterminismException : TemporalException
{
    public NonDeterminismException(string message)
        : base(message)
    {
    }
}
