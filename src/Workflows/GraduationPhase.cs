namespace Graduate.Workflows;

/// <summary>Where a graduation stands (<see cref="Status.GraduationStatus.Phase"/>), in order.</summary>
public static class GraduationPhase
{
    public const string Preflight = "preflight";
    public const string PreHooks = "pre-hooks";
    public const string Arming = "arming";
    public const string Staging = "staging";
    public const string PostHooks = "post-hooks";

    /// <summary>Every app staged and the POST hooks passed; waiting for <c>approve</c> (only when the input asks for approval).</summary>
    public const string AwaitingApproval = "awaiting-approval";
    public const string GoingLive = "going-live";
    public const string RollingBack = "rolling-back";
    public const string Tagging = "tagging";
    public const string TearingDown = "tearing-down";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Canceled = "canceled";
}
