namespace Graduate.Temporal.Exceptions;

/// <summary>A failure the server itself produced.</summary>
public sealed class ServerFailureException : FailureException
{
    public ServerFailureException(string message, bool nonRetryable, Exception? inner = null)
        : base(message, inner)
    {
        NonRetryable = nonRetryable;
    }

    /// <summary>Whether the server marked it as not worth retrying.</summary>
    public bool NonRetryable { get; }
}
