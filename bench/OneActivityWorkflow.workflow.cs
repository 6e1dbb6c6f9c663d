using Graduate.Temporal.Workflows;

namespace Graduate.Bench;

/// <summary>One no-op activity, then done: start-to-result is the runtime's end-to-end latency.</summary>
[Workflow("BenchOne")]
public sealed class OneActivityWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync() =>
        Workflow.ExecuteActivityAsync<int>("Noop", 1, new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(60) });
}
