using Graduate.Temporal.Activities;
using Graduate.Temporal.Worker;
using Graduate.TestWorker;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

[Collection(TemporalCollection.Name)]
public sealed class WorkerTests(TemporalFixture fixture)
{
    [Fact]
    public async Task Worker_CodeChangedUnderRunningWorkflow_ReportsNonDeterminismAndKeepsWorkflowOpen()
    {
        var queue = "nondet-" + Guid.NewGuid().ToString("N")[..8];
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [new SampleInput("nd", 1)], fixture.Options("nondet") with { TaskQueue = queue });
        await using (var original = RunWorker(new TemporalWorkerOptions { TaskQueue = queue, Workflows = [typeof(SampleWorkflow)], Activities = SampleActivities() }))
        {
            await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval");
        }

        await using var changed = RunWorker(new TemporalWorkerOptions { TaskQueue = queue, Workflows = [typeof(ReplayTests.ChangedSampleWorkflow)] });
        await handle.SignalAsync("approve", ["erin"]);

        await Eventually.TrueAsync(
            async () => (await handle.GetHistoryAsync()).Events.Any(e =>
                e.EventType == EventType.WorkflowTaskFailed
                && e.WorkflowTaskFailedEventAttributes.Cause == WorkflowTaskFailedCause.NonDeterministicError),
            TimeSpan.FromSeconds(90),
            "the changed worker reports NON_DETERMINISTIC_ERROR");
        Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).WorkflowExecutionInfo.Status);
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Query_SentBeforeAnyWorkerPolls_AnsweredWithTheFirstWorkflowTask()
    {
        var queue = "buffered-" + Guid.NewGuid().ToString("N")[..8];
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [new SampleInput("bq")], fixture.Options("buffered") with { TaskQueue = queue });

        // The workflow task is pending and no worker exists: the server buffers the query into that task.
        var query = handle.QueryAsync<string>("phase", []);
        await Task.Delay(200);
        Assert.False(query.IsCompleted);
        var log = new ListLogger();
        await using var worker = RunWorker(new TemporalWorkerOptions { TaskQueue = queue, Workflows = [typeof(SampleWorkflow)], Activities = SampleActivities(), Logger = log });

        Assert.Equal("echoing", await query.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains(log.Lines, l => l.StartsWith("answered buffered query phase", StringComparison.Ordinal));
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Worker_StoppedWithActivityRunning_WaitsGracePeriodThenCancelsIt()
    {
        var queue = "shutdown-" + Guid.NewGuid().ToString("N")[..8];
        var key = Guid.NewGuid().ToString("N");
        var handle = await fixture.Client.StartWorkflowAsync("Killable", [key], fixture.Options("shutdown") with { TaskQueue = queue });
        var running = RunWorker(new TemporalWorkerOptions
        {
            TaskQueue = queue,
            Workflows = [typeof(KillableWorkflow)],
            Activities = SampleActivities(),
            GracefulShutdownTimeout = TimeSpan.FromMilliseconds(300),
        });
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(Path.Combine(fixture.MarkerDir, $"{key}_two-wait.ran"))));

        // The step waits for a release file that never comes: only the grace period's cancellation ends it.
        await running.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(running.Run.IsCompletedSuccessfully, "the worker's run ends cleanly after shutdown");
        await Eventually.TrueAsync(async () =>
        {
            var pending = (await handle.DescribeAsync()).PendingActivities.Single();
            return pending.Attempt == 2 && pending.LastFailure is not null;
        }, what: "the canceled attempt was reported as failed, so the server retries it elsewhere");
        await handle.TerminateAsync("test over");
    }

    private IReadOnlyList<ActivityDefinition> SampleActivities() => ActivityDefinition.FromInstance(new SampleActivities(fixture.MarkerDir));

    private RunningWorker RunWorker(TemporalWorkerOptions options)
    {
        var stop = new CancellationTokenSource();
        return new RunningWorker(new TemporalWorker(fixture.Client, options).ExecuteAsync(stop.Token), stop);
    }

    private sealed class RunningWorker(Task run, CancellationTokenSource stop) : IAsyncDisposable
    {
        public Task Run { get; } = run;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Run;
            stop.Dispose();
        }
    }
}
