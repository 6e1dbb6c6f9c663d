namespace Graduate.Demo;

/// <summary>The exit codes the demo reports, the same numbers as the CLI's ExitCodes (src/Cli).</summary>
public static class DemoExitCodes
{
    public const int Succeeded = 0;

    /// <summary>The graduation failed: what <c>--fail</c> asks for.</summary>
    public const int GraduationFailed = 1;

    public const int Canceled = 3;

    /// <summary>The demo cannot be set up (e.g. sshd or git missing, assets not found).</summary>
    public const int ConfigurationError = 4;

    /// <summary>No Temporal CLI to start the embedded server with, or the server does not answer.</summary>
    public const int Unreachable = 5;

    /// <summary>Ctrl+C or SIGTERM: the hosts were torn down and the graduation terminated.</summary>
    public const int Interrupted = 130;
}
