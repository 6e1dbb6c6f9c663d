namespace Graduate.Worker;

/// <summary>Every default the worker host and the CLI share, in one place (pinned by a test).</summary>
public static class GraduateDefaults
{
    /// <summary>The Temporal frontend when neither a flag nor <c>TEMPORAL_ADDRESS</c> says otherwise.</summary>
    public const string TemporalAddress = "localhost:7233";

    /// <summary>The Temporal namespace when neither a flag nor <c>TEMPORAL_NAMESPACE</c> says otherwise.</summary>
    public const string Namespace = "default";

    /// <summary>The task queue the Graduation worker polls and <c>graduate start</c> targets.</summary>
    public const string TaskQueue = "graduate";

    /// <summary>The Web UI port of <c>temporal server start-dev</c>, used to guess the UI's address.</summary>
    public const int WebUiPort = 8233;

    /// <summary>How long the worker host waits before trying an unreachable Temporal again.</summary>
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a stopping worker lets running activities finish before it cancels them (their work is idempotent:
    /// the server retries them on another worker once their heartbeats stop).
    /// </summary>
    public static readonly TimeSpan GracefulShutdown = TimeSpan.FromSeconds(10);
}
