namespace Graduate.Temporal.Exceptions;

/// <summary>Something was canceled: an activity, a timer or the workflow itself.</summary>
public sealed class CanceledFailureException : FailureException
{
    public CanceledFailureException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
