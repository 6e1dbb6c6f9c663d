using Graduate.Temporal.Workflows;

namespace Graduate.Bench;

/// <summary>N no-op activities scheduled at once; the sum of their results proves every one ran.</summary>
[Workflow("BenchFanout")]
public sealed class FanoutWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int count)
    {
        var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(60) };
        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(i => Workflow.ExecuteActivityAsync<int>("Noop", i, options)));
        return results.Sum();
    }
}
