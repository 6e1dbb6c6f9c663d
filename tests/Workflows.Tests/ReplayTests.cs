using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Graduate.Workflows.Tests;

/// <summary>
/// Every committed history of a real graduation replays against today's workflow code: a change to the workflow
/// must keep them replaying (behind <c>Workflow.Patched</c>), or graduations running during an upgrade would break.
/// </summary>
public sealed class ReplayTests
{
    /// <summary>Completed, each failure mode, canceled both ways, worker restarted and killed, rolled back, refused.</summary>
    private const int ExpectedAtLeast = 12;

    public static TheoryData<string> CommittedHistories() => [.. Histories.Committed()];

    [Fact]
    public void Committed_EveryScenario_HasAHistory()
    {
        Assert.True(Histories.Committed().Count() >= ExpectedAtLeast, $"expected at least {ExpectedAtLeast} histories in {Histories.Directory}");
    }

    [Theory]
    [MemberData(nameof(CommittedHistories))]
    public async Task Replay_CommittedHistory_ReplaysWithoutNondeterminism(string history)
    {
        var result = await Histories.Replayer<GraduationWorkflow>().ReplayWorkflowAsync(Histories.Load(history), throwOnReplayFailure: false);

        Assert.Null(result.ReplayFailure);
    }

    [Fact]
    public async Task Replay_WorkflowThatReordersItsSteps_FailsAsNondeterministic()
    {
        var history = Histories.Committed().First(h => h.StartsWith("Graduation_ExampleWithMigrationPostHook", StringComparison.Ordinal));

        var result = await Histories.Replayer<ReorderedGraduationWorkflow>().ReplayWorkflowAsync(Histories.Load(history), throwOnReplayFailure: false);

        Assert.IsType<WorkflowNondeterminismException>(result.ReplayFailure);
    }

    /// <summary>The Graduation workflow with its first two steps swapped: arming before preflight.</summary>
    [Workflow("Graduation")]
    public sealed class ReorderedGraduationWorkflow
    {
        [WorkflowRun]
        public async Task RunAsync(GraduationInput input)
        {
            var options = new ActivityOptions { StartToCloseTimeout = TimeSpan.FromMinutes(2) };
            await Workflow.ExecuteActivityAsync(ActivityNames.ArmGates, [input], options);
            await Workflow.ExecuteActivityAsync(ActivityNames.Preflight, [input], options);
        }
    }
}
