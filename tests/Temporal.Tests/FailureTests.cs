using Graduate.Temporal.Exceptions;
using Graduate.TestWorker;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

[Collection(TemporalCollection.Name)]
public sealed class FailureTests(TemporalFixture fixture)
{
    [Fact]
    public async Task Activity_NonRetryableApplicationFailure_ReachesClientWithTypeAndMessage()
    {
        var handle = await fixture.Client.StartWorkflowAsync(
            "FailingActivity", [new FailInput("the deploy was rejected", "DeployRejected", NonRetryable: true)], fixture.Options("fail"));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<object>());

        Assert.Equal(WorkflowExecutionStatus.Failed, failed.Status);
        var activity = Assert.IsType<ActivityFailureException>(failed.InnerException);
        Assert.Equal("Fail", activity.ActivityType);
        var cause = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal("DeployRejected", cause.Type);
        Assert.Equal("the deploy was rejected", cause.Message);
        Assert.True(cause.NonRetryable);
        Assert.Equal(RetryState.NonRetryableFailure, activity.RetryState);
    }

    [Fact]
    public async Task Activity_RunsPastStartToClose_FailsWithTimeout()
    {
        var handle = await fixture.Client.StartWorkflowAsync("TimeoutActivity", [10_000], fixture.Options("timeout"));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<object>());

        var activity = Assert.IsType<ActivityFailureException>(failed.InnerException);
        var timeout = Assert.IsType<TimeoutFailureException>(activity.InnerException);
        Assert.Equal(TimeoutType.StartToClose, timeout.TimeoutType);
    }

    [Fact]
    public async Task Activity_FailsTwice_RetriedWithBackoffUntilItSucceeds()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Retry", [2], fixture.Options("retry"));

        Assert.Equal("attempt 3", await handle.GetResultAsync<string>());
        var history = await handle.GetHistoryAsync();
        var started = history.Events.Single(e => e.EventType == EventType.ActivityTaskStarted);
        Assert.Equal(3, started.ActivityTaskStartedEventAttributes.Attempt);
        Assert.Contains("attempt 2 fails on purpose", started.ActivityTaskStartedEventAttributes.LastFailure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowCode_ThrowsNonFailure_TaskFailsAndWorkflowStaysOpen()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Bug", [], fixture.Options("bug"));

        await Eventually.TrueAsync(async () =>
            (await handle.GetHistoryAsync()).Events.Any(e =>
                e.EventType == EventType.WorkflowTaskFailed
                && e.WorkflowTaskFailedEventAttributes.Failure.Message.Contains("a bug in workflow code", StringComparison.Ordinal)));

        Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).WorkflowExecutionInfo.Status);
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Workflow_UndecodableInput_TaskFailsWithTheDecodeErrorAndWorkerKeepsServing()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [42], fixture.Options("badinput"));

        await Eventually.TrueAsync(async () =>
            (await handle.GetHistoryAsync()).Events.Any(e => e.EventType == EventType.WorkflowTaskFailed));

        var healthy = await fixture.Client.StartWorkflowAsync("Retry", [0], fixture.Options("after-badinput"));
        Assert.Equal("attempt 1", await healthy.GetResultAsync<string>());
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Heartbeat_AttemptTimedOutOnServer_ActivityTokenFiresAsGoneFromServer()
    {
        var key = Guid.NewGuid().ToString("N");
        var handle = await fixture.Client.StartWorkflowAsync("Abandoned", [key], fixture.Options("abandoned"));

        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<object>());

        Assert.IsType<TimeoutFailureException>(failed.InnerException?.InnerException);
        var canceled = Path.Combine(fixture.MarkerDir, $"{key}_slow-wait.canceled");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(canceled)), what: "the activity saw its token fire");
        Assert.Equal("GoneFromServer", await File.ReadAllTextAsync(canceled));
    }

    [Fact]
    public async Task Cancel_DuringActivity_ActivityCanceledCleanupRunsWorkflowEndsCanceled()
    {
        var key = Guid.NewGuid().ToString("N");
        var handle = await fixture.Client.StartWorkflowAsync("CancelActivity", [key], fixture.Options("cancel-activity"));
        await Eventually.TrueAsync(async () =>
            (await handle.DescribeAsync()).PendingActivities.Any(a => a.State == PendingActivityState.Started));

        await handle.CancelAsync();
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<object>());

        Assert.Equal(WorkflowExecutionStatus.Canceled, failed.Status);
        Assert.True(File.Exists(Path.Combine(fixture.MarkerDir, $"{key}_cleanup.ran")));
        var history = await handle.GetHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.ActivityTaskCancelRequested);
    }
}
