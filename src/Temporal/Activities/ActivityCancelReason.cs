namespace Graduate.Temporal.Activities;

/// <summary>Why an activity's CancellationToken fired.</summary>
public enum ActivityCancelReason
{
    /// <summary>Not canceled.</summary>
    None,

    /// <summary>The workflow asked for the activity to be canceled.</summary>
    CancelRequested,

    /// <summary>The server no longer knows this attempt (timed out or finished elsewhere): its result would be dropped.</summary>
    GoneFromServer,

    /// <summary>The worker is shutting down and its grace period ran out.</summary>
    WorkerShutdown,
}
