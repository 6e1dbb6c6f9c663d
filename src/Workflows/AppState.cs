namespace Graduate.Workflows;

/// <summary>One app's state in a graduation (<see cref="Status.AppStatus.State"/>).</summary>
public static class AppState
{
    public const string Pending = "pending";
    public const string Pushing = "pushing";
    public const string Staged = "staged";
    public const string Live = "live";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
    public const string RolledBack = "rolled-back";
    public const string RollbackFailed = "rollback-failed";
}
