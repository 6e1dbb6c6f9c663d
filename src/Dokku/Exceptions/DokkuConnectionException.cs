namespace Graduate.Dokku.Exceptions;

/// <summary>
/// ssh could not reach the host or lost the connection (refused, no route, unresolvable
/// name, timed out). Always transient: the command did not run, or its result is unknown
/// and the caller's idempotent retry is the way to learn it.
/// </summary>
public sealed class DokkuConnectionException : DokkuTransportException
{
    public DokkuConnectionException()
    {
    }

    public DokkuConnectionException(string message)
        : base(message)
    {
    }

    public DokkuConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuConnectionException(string message, string target, string command, string standardError)
        : base(message, target, command, standardError, isTransient: true)
    {
    }
}
