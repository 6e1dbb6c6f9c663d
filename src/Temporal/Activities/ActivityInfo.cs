namespace Graduate.Temporal.Activities;

/// <summary>Facts about the running activity attempt.</summary>
public sealed record ActivityInfo(
    string ActivityId,
    string ActivityType,
    string WorkflowId,
    string WorkflowRunId,
    string WorkflowType,
    string TaskQueue,
    int Attempt,
    TimeSpan? HeartbeatTimeout,
    TimeSpan? StartToCloseTimeout);
