namespace Graduate.Dokku.Exceptions;

/// <summary>
/// The command did not finish within its time limit and its process was killed. The
/// remote side may have done part of the work, so only idempotent commands are safe to retry.
/// </summary>
public sealed class DokkuTimeoutException : DokkuException
{
    public DokkuTimeoutException()
    {
    }

    public DokkuTimeoutException(string message)
        : base(message)
    {
    }

    public DokkuTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuTimeoutException(string message, string target, string command, TimeSpan timeout)
        : base(message)
    {
        Target = target;
        Command = command;
        Timeout = timeout;
    }

    public string Target { get; } = "";

    public string Command { get; } = "";

    public TimeSpan Timeout { get; }
}
