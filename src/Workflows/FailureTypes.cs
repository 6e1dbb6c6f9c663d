namespace Graduate.Workflows;

/// <summary>
/// <c>ApplicationFailureException.Type</c> values the activities raise. All but <see cref="HostUnreachable"/>
/// are non-retryable: retrying a failed deploy or hook, or a refused preflight, cannot help.
/// </summary>
public static class FailureTypes
{
    /// <summary>A host could not be reached over SSH (transient: retried with backoff).</summary>
    public const string HostUnreachable = "HostUnreachable";

    /// <summary>A host does not answer <c>graduate:version</c>: the plugin is missing.</summary>
    public const string PluginMissing = "PluginMissing";

    /// <summary>The source's environment state repository has uncommitted changes (details: the paths).</summary>
    public const string StateDirty = "StateDirty";

    /// <summary>An app cannot graduate (unknown, never deployed, missing on the destination, locked, checks disabled).</summary>
    public const string AppsRefused = "AppsRefused";

    /// <summary>
    /// Config keys are set on the source and not on the destination (details: the drift per app). Raised as
    /// non-retryable by preflight itself; left out of <see cref="NonRetryable"/> so the retry policy recorded in
    /// committed histories stays the same.
    /// </summary>
    public const string ConfigDrift = "ConfigDrift";

    /// <summary>A PRE or POST hook exited non-zero (details: <see cref="Contracts.HookResult"/>).</summary>
    public const string HookFailed = "HookFailed";

    /// <summary>An app's push failed before it was staged (details: the push job's log tail).</summary>
    public const string DeployFailed = "DeployFailed";

    /// <summary>A Dokku command failed in a way that retrying does not fix.</summary>
    public const string DokkuCommandFailed = "DokkuCommandFailed";

    /// <summary>Input that can never work (e.g. a local:// destination as a git remote).</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>Every non-retryable type, for retry policies.</summary>
    public static IReadOnlyList<string> NonRetryable { get; } =
        [PluginMissing, StateDirty, AppsRefused, HookFailed, DeployFailed, DokkuCommandFailed, InvalidInput];
}
