namespace Graduate.Workflows;

/// <summary>Where a graduation's approval stands (<see cref="Status.ApprovalStatus.State"/>).</summary>
public static class ApprovalState
{
    /// <summary>Required, and the graduation has not reached the approval yet.</summary>
    public const string Pending = "pending";

    /// <summary>Every app staged and the POST hooks passed: waiting for <c>approve</c> or <c>reject</c>.</summary>
    public const string Waiting = "waiting";

    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string TimedOut = "timed-out";
}
