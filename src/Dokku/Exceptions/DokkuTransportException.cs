namespace Graduate.Dokku.Exceptions;

/// <summary>
/// The command never ran on the host (or its connection broke): ssh itself failed, as
/// opposed to <see cref="DokkuCommandException"/>, where the host ran the command and it
/// failed. <see cref="IsTransient"/> tells callers whether retrying can help.
/// </summary>
public class DokkuTransportException : DokkuException
{
    public DokkuTransportException()
    {
    }

    public DokkuTransportException(string message)
        : base(message)
    {
    }

    public DokkuTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuTransportException(string message, string target, string command, string standardError, bool isTransient)
        : base(message)
    {
        Target = target;
        Command = command;
        StandardError = standardError;
        IsTransient = isTransient;
    }

    /// <summary>The environment the command was meant for, e.g. "dokku@host:22".</summary>
    public string Target { get; } = "";

    /// <summary>The remote command line that was to run.</summary>
    public string Command { get; } = "";

    /// <summary>Everything ssh wrote to stderr.</summary>
    public string StandardError { get; } = "";

    /// <summary>True when the same call may succeed if repeated later (network, refused, timeout).</summary>
    public bool IsTransient { get; }
}
