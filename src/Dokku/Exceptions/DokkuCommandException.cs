namespace Graduate.Dokku.Exceptions;

/// <summary>
/// The host ran the command and it failed. Not a connection problem: repeating the same
/// call will usually fail the same way. <see cref="Exception.Message"/> carries Dokku's
/// own " !     " error lines.
/// </summary>
public sealed class DokkuCommandException : DokkuException
{
    public DokkuCommandException()
    {
    }

    public DokkuCommandException(string message)
        : base(message)
    {
    }

    public DokkuCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DokkuCommandException(string message, string target, string command, int exitCode, string errorMessage, string standardError)
        : base(message)
    {
        Target = target;
        Command = command;
        ExitCode = exitCode;
        ErrorMessage = errorMessage;
        StandardError = standardError;
    }

    public string Target { get; } = "";

    /// <summary>The remote command line as sent.</summary>
    public string Command { get; } = "";

    public int ExitCode { get; }

    /// <summary>Dokku's error text with the " !     " prefixes removed.</summary>
    public string ErrorMessage { get; } = "";

    public string StandardError { get; } = "";
}
