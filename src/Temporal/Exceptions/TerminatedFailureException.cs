namespace Graduate.Temporal.Exceptions;

/// <summary>The workflow was terminated by an operator.</summary>
public sealed class TerminatedFailureException : FailureException
{
    public TerminatedFailureException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
