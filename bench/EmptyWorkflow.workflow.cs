using Graduate.Temporal.Workflows;

namespace Graduate.Bench;

/// <summary>Returns at once: its only workflow task is one round trip through our worker.</summary>
[Workflow("BenchEmpty")]
public sealed class EmptyWorkflow
{
    [WorkflowRun]
    public Task<int> RunAsync(int value) => Task.FromResult(value);
}
