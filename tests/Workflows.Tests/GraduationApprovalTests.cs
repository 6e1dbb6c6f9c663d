using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows.Status;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Workflows.Tests;

/// <summary>
/// The approval gate end to end on simulated hosts: a graduation with <c>approval</c> holds every app staged (old
/// releases serving) in <c>awaiting-approval</c> until the <c>approve</c> update or signal, and tears down on
/// <c>reject</c> or when its deadline passes.
/// </summary>
[Collection(GraduationCollection.Name)]
public sealed class GraduationApprovalTests(TemporalServerFixture temporal)
{
    private const string Migrate = "ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";
    private static readonly string[] Apps = ["portal", "webservices"];

    [Fact]
    public async Task Graduation_ApprovalRequired_WaitsStagedRefusesAnEarlyApproveThenGoesLiveOnApprove()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.SlowChecks(harness.Production, 3);
        await using var probes = ProductionProbes.Start(harness.Production, Apps, TimeSpan.FromMilliseconds(50));

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]) with { Approval = true, ApprovalTimeoutSeconds = 600 }, ct);
        await WaitForPhaseAsync(handle, GraduationPhase.Staging, ct);

        // Too early: the validator refuses, naming the phase, and nothing changes.
        var early = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => ApproveAsync(handle, new ApproveRequest("too soon", "mallory"), ct));
        Assert.Contains("Nothing to approve yet", early.InnerException!.Message, StringComparison.Ordinal);
        Assert.Contains("is in phase ", early.InnerException.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalState.Pending, (await handle.StatusAsync(ct)).Approval!.State);

        var waiting = await WaitForPhaseAsync(handle, GraduationPhase.AwaitingApproval, ct);
        Assert.All(waiting.Apps, a => Assert.Equal(AppState.Staged, a.State));
        Assert.Equal("succeeded", Assert.Single(waiting.Hooks).State);
        Assert.Equal(ApprovalState.Waiting, waiting.Approval!.State);
        Assert.InRange(waiting.Approval.Deadline!.Value - waiting.StartedAt, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15));
        foreach (var app in Apps)
        {
            Assert.Equal("v1", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl(app), ct)).GetProperty("version").GetString());
        }

        // The gates hold the staged apps through the POST hooks and the whole approval wait.
        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", waiting.GraduationId);
        Assert.All(Apps, app => Assert.Equal(300 + 600, gates.GetProperty(app).GetProperty("timeoutSeconds").GetInt32()));

        var approved = await ApproveAsync(handle, new ApproveRequest("LGTM, checked on staging", "alice"), ct);
        Assert.Equal(ApprovalState.Approved, approved.State);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        Assert.Equal("alice", result.Approval!.By);
        Assert.Equal("LGTM, checked on staging", result.Approval.Note);
        Assert.Equal(ApprovalState.Approved, result.Approval.State);
        var status = await handle.StatusAsync(ct);
        Assert.Equal("alice", status.Approval!.By);
        Assert.True(status.Approval.At <= status.Apps[0].LiveAt);
        foreach (var probe in probes.All)
        {
            Assert.True(probe.Failures == 0, string.Join("\n", probe.Answers.Where(a => a.Version is null).Select(a => a.Detail)));
        }

        var tags = await harness.JsonAsync(harness.Staging, ct, "graduate:state-tags", "production");
        using var manifest = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal("alice", manifest.RootElement.GetProperty("approval").GetProperty("by").GetString());
        Assert.Equal("LGTM, checked on staging", manifest.RootElement.GetProperty("approval").GetProperty("note").GetString());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_ApprovalRejected_TornDownFailedWithTheReasonProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = ProductionProbes.Start(harness.Production, Apps, TimeSpan.FromMilliseconds(50));

        var handle = await harness.StartAsync(harness.Input() with { Approval = true }, ct);
        await WaitForPhaseAsync(handle, GraduationPhase.AwaitingApproval, ct);
        var noReason = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(() => RejectAsync(handle, new RejectRequest(" ", "bob"), ct));
        Assert.Contains("needs a reason", noReason.InnerException!.Message, StringComparison.Ordinal);

        await RejectAsync(handle, new RejectRequest("checkout is broken on staging", "bob"), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("Rejected by bob: checkout is broken on staging", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        Assert.Equal(ApprovalState.Rejected, result.Approval!.State);
        Assert.Null(result.Tag);
        await AssertProductionOnV1Async(harness, result.GraduationId, probes, ct);

        // Once decided, another decision is refused with the phase it is in.
        var late = await Assert.ThrowsAnyAsync<Exception>(() => ApproveAsync(handle, new ApproveRequest(null, "alice"), ct));
        Assert.True(late is WorkflowUpdateFailedException or RpcException, late.ToString());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_ApproveSignalFromTemporalCli_GoesLive()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);

        var handle = await harness.StartAsync(harness.Input() with { Approval = true }, ct);
        await WaitForPhaseAsync(handle, GraduationPhase.AwaitingApproval, ct);
        var (code, _, stderr) = await temporal.Server.RunCliAsync(
            ["workflow", "signal", "-w", handle.Id, "--name", "approve", "-i", """{"note":"from the Web UI","by":"carol"}"""],
            ct);
        Assert.True(code == 0, stderr);
        var result = await handle.ResultAsync(ct);

        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.Equal("carol", result.Approval!.By);
        Assert.Equal("from the Web UI", result.Approval.Note);
        Assert.Equal("v2", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("portal"), ct)).GetProperty("version").GetString());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_ApprovalDeadlinePasses_TornDownSayingApprovalTimedOut()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = ProductionProbes.Start(harness.Production, Apps, TimeSpan.FromMilliseconds(50));

        var handle = await harness.StartAsync(harness.Input() with { Approval = true, ApprovalTimeoutSeconds = 5 }, ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.StartsWith("Approval timed out", StringComparison.Ordinal));
        Assert.Equal(ApprovalState.TimedOut, result.Approval!.State);
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        await AssertProductionOnV1Async(harness, result.GraduationId, probes, ct);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    private static Task<ApprovalStatus> ApproveAsync(WorkflowHandle handle, ApproveRequest request, CancellationToken ct) =>
        handle.ExecuteUpdateAsync<ApprovalStatus>("approve", [request], new() { Rpc = new() { CancellationToken = ct } });

    private static Task<ApprovalStatus> RejectAsync(WorkflowHandle handle, RejectRequest request, CancellationToken ct) =>
        handle.ExecuteUpdateAsync<ApprovalStatus>("reject", [request], new() { Rpc = new() { CancellationToken = ct } });

    private static async Task AssertProductionOnV1Async(GraduationHarness harness, string graduationId, ProductionProbes probes, CancellationToken ct)
    {
        foreach (var probe in probes.All)
        {
            Assert.True(probe.Failures == 0, string.Join("\n", probe.Answers.Where(a => a.Version is null).Select(a => a.Detail)));
            Assert.Equal(["v1"], probe.VersionsSeen);
        }

        var report = await harness.JsonAsync(harness.Production, ct, "graduate:report");
        foreach (var app in Apps)
        {
            Assert.Equal(await harness.Sim.ShaAsync(app, "v1", ct), report.GetProperty("apps").GetProperty(app).GetProperty("deployedSha").GetString());
        }

        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", graduationId);
        Assert.DoesNotContain(gates.EnumerateObject(), g => g.Value.GetProperty("state").GetString() is "staged" or "armed");
    }

    private static async Task<GraduationStatus> WaitForPhaseAsync(WorkflowHandle handle, string phase, CancellationToken ct)
    {
        GraduationStatus? seen = null;
        await Poll.UntilTrueAsync(
            $"phase {phase}",
            async token =>
            {
                try
                {
                    seen = await handle.StatusAsync(token);
                    return (seen?.Phase == phase, seen?.Phase ?? "none");
                }
                catch (TemporalException e)
                {
                    return (false, e.Message);
                }
            },
            GraduationHarness.StepDeadline,
            ct);
        return seen!;
    }
}
