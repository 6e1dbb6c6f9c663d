namespace Graduate.Cli;

/// <summary>Every exit code <c>graduate</c> returns (documented in the README).</summary>
public static class ExitCodes
{
    /// <summary>The command (or the graduation it waited for) succeeded.</summary>
    public const int Succeeded = 0;

    /// <summary>The graduation failed (or was terminated or timed out).</summary>
    public const int GraduationFailed = 1;

    /// <summary>The command line is wrong, or the request cannot be done as asked (e.g. one is already running).</summary>
    public const int UsageError = 2;

    /// <summary>The graduation was canceled.</summary>
    public const int Canceled = 3;

    /// <summary>
    /// <c>start</c> asked "Continue? [y/N]" and was not told yes: nothing started. The same code as
    /// <see cref="Canceled"/>: the person stopped it, before it began.
    /// </summary>
    public const int Declined = Canceled;

    /// <summary>graduate.yml or the Temporal settings are wrong, or name an unknown environment.</summary>
    public const int ConfigurationError = 4;

    /// <summary>Temporal or a Dokku host cannot be reached (or answered with an error).</summary>
    public const int Unreachable = 5;

    /// <summary>Interrupted (Ctrl+C / SIGINT), the shell's convention that System.CommandLine follows; a graduation already started goes on.</summary>
    public const int Interrupted = 130;
}
