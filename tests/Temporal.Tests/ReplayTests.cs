using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Workflows;
using Graduate.TestWorker;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

[Collection(TemporalCollection.Name)]
public sealed class ReplayTests(TemporalFixture fixture)
{
    [Fact]
    public async Task Replay_RecordedHistorySameCode_ReproducesEveryCommand()
    {
        var history = await RecordSampleRunAsync();

        WorkflowReplayer.Replay(typeof(SampleWorkflow), history);
    }

    [Fact]
    public async Task Replay_ActivitiesReordered_ReportsNonDeterminism()
    {
        var history = await RecordSampleRunAsync();

        var error = Assert.Throws<NonDeterminismException>(() => WorkflowReplayer.Replay(typeof(ChangedSampleWorkflow), history));

        Assert.Contains("ActivityTaskScheduled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_TimerRemoved_ReportsNonDeterminism()
    {
        var history = await RecordSampleRunAsync();

        Assert.Throws<NonDeterminismException>(() => WorkflowReplayer.Replay(typeof(NoTimerSampleWorkflow), history));
    }

    private async Task<Temporalio.Api.History.V1.History> RecordSampleRunAsync()
    {
        var handle = await fixture.Client.StartWorkflowAsync("Sample", [new SampleInput("replay", 10)], fixture.Options("replay"));
        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval");
        await handle.SignalAsync("approve", ["dave"]);
        await handle.GetResultAsync<SampleResult>();
        var history = await handle.GetHistoryAsync();
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerFired);
        return history;
    }

    /// <summary>The sample with a different first activity: incompatible with recorded histories.</summary>
    [Workflow("Sample")]
    public sealed class ChangedSampleWorkflow
    {
        [WorkflowRun]
        public async Task<SampleResult> RunAsync(SampleInput input)
        {
            var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10) };
            await Workflow.ExecuteActivityAsync<string>("Flaky", 0, options);
            return new SampleResult(input.Name, [], null);
        }
    }

    /// <summary>The sample without its timer: the history's TimerStarted has no matching command.</summary>
    [Workflow("Sample")]
    public sealed class NoTimerSampleWorkflow
    {
        private string? approvedBy;

        [WorkflowRun]
        public async Task<SampleResult> RunAsync(SampleInput input)
        {
            var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromSeconds(10) };
            var echoes = await Task.WhenAll(
                Workflow.ExecuteActivityAsync<string>("Echo", input.Name + "-1", options),
                Workflow.ExecuteActivityAsync<string>("Echo", input.Name + "-2", options));
            await Workflow.WaitConditionAsync(() => approvedBy is not null);
            return new SampleResult(input.Name, echoes, approvedBy);
        }

        [WorkflowSignal("approve")]
        public void Approve(string who) => approvedBy = who;
    }
}
