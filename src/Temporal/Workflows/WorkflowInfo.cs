namespace Graduate.Temporal.Workflows;

/// <summary>Facts about the running workflow, all from history.</summary>
public sealed record WorkflowInfo(
    string WorkflowId,
    string RunId,
    string WorkflowType,
    string TaskQueue,
    string Namespace,
    int Attempt,
    DateTime StartTime);
