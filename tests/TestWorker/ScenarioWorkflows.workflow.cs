using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Workflows;

namespace Graduate.TestWorker;

/// <summary>An activity that fails for good: the workflow fails with it.</summary>
[Workflow("FailingActivity")]
public sealed class FailingActivityWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(FailInput input) =>
        await Workflow.ExecuteActivityAsync("Fail", input, new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
}

/// <summary>An activity that outlives its start-to-close timeout, with no retry.</summary>
[Workflow("TimeoutActivity")]
public sealed class TimeoutActivityWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(int sleepMs) =>
        await Workflow.ExecuteActivityAsync("Sleep", sleepMs, new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(1),
            RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
        });
}

/// <summary>An activity that fails twice and then succeeds, retried with backoff.</summary>
[Workflow("Retry")]
public sealed class RetryWorkflow
{
    [WorkflowRun]
    public Task<string> RunAsync(int failures) =>
        Workflow.ExecuteActivityAsync<string>("Flaky", failures, new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(10),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(200), BackoffCoefficient = 2, MaximumAttempts = 5 },
        });
}

/// <summary>Three steps in a row; the middle one waits for a release file, so a test can kill the worker there.</summary>
[Workflow("Killable")]
public sealed class KillableWorkflow
{
    [WorkflowRun]
    public async Task<List<string>> RunAsync(string runKey)
    {
        var options = new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromMinutes(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
            RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromMilliseconds(100) },
        };
        var done = new List<string>();
        foreach (var step in new[] { "one", "two-wait", "three" })
        {
            done.Add(await Workflow.ExecuteActivityAsync<string>("Step", $"{runKey}/{step}", options));
        }

        return done;
    }
}

/// <summary>Workflow code with a bug: the task fails and is retried, the workflow stays open.</summary>
[Workflow("Bug")]
public sealed class BugWorkflow
{
    [WorkflowRun]
    public async Task RunAsync()
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
        throw new InvalidOperationException("a bug in workflow code");
    }
}

/// <summary>Continues as new until the counter reaches 2.</summary>
[Workflow("Chain")]
public sealed class ChainWorkflow
{
    [WorkflowRun]
    public async Task<int> RunAsync(int run)
    {
        await Workflow.DelayAsync(TimeSpan.FromMilliseconds(1));
        return run < 2 ? throw new ContinueAsNewException(run + 1) : run;
    }
}

/// <summary>A long activity canceled with the workflow; cleanup runs after, then the workflow ends canceled.</summary>
[Workflow("CancelActivity")]
public sealed class CancelActivityWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string runKey)
    {
        try
        {
            await Workflow.ExecuteActivityAsync("Sleep", 120_000, new ActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromMinutes(5),
                HeartbeatTimeout = TimeSpan.FromSeconds(1),
                CancellationToken = Workflow.CancellationToken,
            });
        }
        catch (ActivityFailureException e) when (Workflow.IsCancellation(e))
        {
            await Workflow.ExecuteActivityAsync("Step", $"{runKey}/cleanup", new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10) });
            throw;
        }
    }
}

/// <summary>A step that outlives its start-to-close timeout while heartbeating: the server forgets the attempt.</summary>
[Workflow("Abandoned")]
public sealed class AbandonedWorkflow
{
    [WorkflowRun]
    public async Task RunAsync(string runKey) =>
        await Workflow.ExecuteActivityAsync<string>("Step", $"{runKey}/slow-wait", new ActivityOptions
        {
            StartToCloseTimeout = TimeSpan.FromSeconds(2),
            HeartbeatTimeout = TimeSpan.FromSeconds(1),
            RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
        });
}
