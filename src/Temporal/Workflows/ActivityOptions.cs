namespace Graduate.Temporal.Workflows;

/// <summary>How a workflow schedules one activity. A start-to-close or schedule-to-close timeout is required.</summary>
public sealed record ActivityOptions
{
    /// <summary>Limit on one attempt.</summary>
    public TimeSpan? StartToCloseTimeout { get; init; }

    /// <summary>Limit on all attempts together, retries included.</summary>
    public TimeSpan? ScheduleToCloseTimeout { get; init; }

    /// <summary>Limit on the wait for a worker to pick the task up.</summary>
    public TimeSpan? ScheduleToStartTimeout { get; init; }

    /// <summary>An attempt that does not heartbeat within this is considered lost and retried.</summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>Retries; null takes the server default (unlimited, exponential).</summary>
    public RetryPolicy? RetryPolicy { get; init; }

    /// <summary>Task queue of the activity worker (default: the workflow's).</summary>
    public string? TaskQueue { get; init; }

    /// <summary>Cancels the activity: the workflow stops waiting at once and the server asks the activity to stop.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>A one-line description the Web UI shows with the activity (its timeline and event history).</summary>
    public string? Summary { get; init; }
}
