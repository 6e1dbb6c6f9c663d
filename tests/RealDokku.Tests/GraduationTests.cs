using System.Diagnostics;
using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows;
using Graduate.Workflows.Status;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// Graduations through the real workflow (Temporal dev server, the product worker host) from simulated
/// staging (v2, schema 2) to the real Dokku as production (reset to v1, schema 1). Production's public URLs
/// are polled every 50 ms through nginx for the whole scenario: 0 failed requests, production all-old or
/// all-new, and after every failed or canceled graduation a <c>dokku ps:restart</c> of each app still serves
/// the old release (what a reboot or an operator does later).
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class GraduationTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private const string Migrate = "ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";
    private static readonly string[] Apps = ["portal", "webservices"];
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task Graduation_MigrationPostHook_HeldOnRealDokkuThenBothLiveTogether()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);
        using var hold = new HookHold();

        var watch = Stopwatch.StartNew();
        var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input([hold.Command, Migrate]), ct);
        await driver.TimedAsync("graduation started -> both apps staged (POST hooks running)", () => handle.WaitForPhaseAsync(GraduationPhase.PostHooks, LabDriver.DeployDeadline, ct));

        // Held at the gate: each new container runs and passed its checks, nginx still sends everyone to the old one.
        var gid = (await handle.StatusAsync(ct)).GraduationId;
        foreach (var app in Apps)
        {
            Assert.Equal("staged", await driver.GateStateAsync(gid, app, ct));
            Assert.Single(await RealDokkuLab.StagedContainersAsync(app, ct));
            Assert.Contains(await RealDokkuLab.RunningContainersAsync(app, ct), c => c.StartsWith(app + ".web.1 ", StringComparison.Ordinal));
            Assert.Equal(["v1"], scenario.Probes[app].VersionsSeen);
        }

        hold.Release();
        var result = await handle.ResultAsync(ct);
        watch.Stop();
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        foreach (var app in result.Apps)
        {
            Assert.Equal(await driver.Lab.ShaAsync(app.Name, "v2", ct), app.AfterSha);
            Assert.Equal(await driver.Lab.ShaAsync(app.Name, "v1", ct), app.BeforeSha);
        }

        var served = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            served[app] = await LabDriver.WaitForVersionAsync(scenario.Probes[app], "v2", ct);
        }

        var status = await handle.StatusAsync(ct);
        foreach (var app in status.Apps)
        {
            driver.Log($"{app.Name}: push -> staged (build, checks, held) {Seconds(app.PushStartedAt, app.StagedAt)}, staged -> live {Seconds(app.StagedAt, app.LiveAt)}, v2 first served through nginx at {served[app.Name]:HH:mm:ss.fff}");
        }

        driver.Log($"graduation wall time: {watch.Elapsed.TotalSeconds:0.0} s (start to result, including the test's hold of the POST hooks)");
        driver.Log($"go-live skew (first to last app serving v2 through nginx): {(served.Values.Max() - served.Values.Min()).TotalSeconds:0.00} s");

        // The migration ran in a one-off container of the STAGED portal (only v2 ships ./migrate), before go-live.
        var migration = status.Hooks[1];
        Assert.Equal("succeeded", migration.State);
        Assert.Contains(migration.LogTail, l => l.Contains("migrated schema 1 -> 2", StringComparison.Ordinal));
        var answer = await AnswerAsync("portal", ct);
        Assert.Equal("v2", answer.GetProperty("version").GetString());
        Assert.Equal(2, answer.GetProperty("schema").GetInt32());
        Assert.Equal("v2", answer.GetProperty("peer").GetString());
        Assert.True(answer.GetProperty("compatible").GetBoolean());
        foreach (var app in Apps)
        {
            LabDriver.AssertNoFlipBack(scenario.Probes[app], "v2");
            AssertNoNewReleaseOnOldSchema(scenario.Probes[app]);
            Assert.Empty(await RealDokkuLab.StagedContainersAsync(app, ct));
            Assert.Equal("live", await driver.GateStateAsync(gid, app, ct));
            Assert.Equal("v2", await RealDokkuLab.ImageRevisionAsync(app, ct));
        }

        // Tagged in the source's environment-state repository (staging) with the manifest.
        Assert.StartsWith("production/", result.Tag, StringComparison.Ordinal);
        var tags = Json.Parse((await driver.Sim.RunDokkuAsync(driver.Staging, ct, "graduate:state-tags", "production")).EnsureSuccess("graduate:state-tags").StandardOutput);
        Assert.Equal(result.Tag, tags[0].GetProperty("tag").GetString());
        using var manifest = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal(Apps, manifest.RootElement.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        await scenario.StopProbesAsync(ct);
    }

    /// <summary>
    /// Issue 11's approval on real Dokku: both apps held staged on the lab after the POST hooks, nginx on the old
    /// release, until the <c>approve</c> update; then both live together, the approver in the result and the tag.
    /// </summary>
    [Fact]
    public async Task Graduation_ApprovalRequired_HeldStagedOnRealDokkuUntilApprovedThenBothLive()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);

        var handle = await StartAwaitingApprovalAsync(scenario, scenario.Graduations.Input([Migrate]), 1800, ct);
        var waiting = await handle.StatusAsync(ct);
        Assert.All(waiting.Apps, a => Assert.Equal(AppState.Staged, a.State));
        Assert.Equal(ApprovalState.Waiting, waiting.Approval!.State);
        foreach (var app in Apps)
        {
            Assert.Equal("staged", await driver.GateStateAsync(waiting.GraduationId, app, ct));
            Assert.Equal(["v1"], scenario.Probes[app].VersionsSeen);
        }

        var approved = await handle.ExecuteUpdateAsync<ApprovalStatus>("approve", [new ApproveRequest("checked on the lab", "real-lane")], new() { Rpc = new() { CancellationToken = ct } });
        Assert.Equal(ApprovalState.Approved, approved.State);
        var result = await driver.TimedAsync("approve -> result", () => handle.ResultAsync(ct));

        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        Assert.Equal(("real-lane", "checked on the lab"), (result.Approval!.By, result.Approval.Note));
        var served = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            served[app] = await LabDriver.WaitForVersionAsync(scenario.Probes[app], "v2", ct);
            LabDriver.AssertNoFlipBack(scenario.Probes[app], "v2");
            AssertNoNewReleaseOnOldSchema(scenario.Probes[app]);
        }

        driver.Log($"go-live skew after the approval (first to last app serving v2 through nginx): {(served.Values.Max() - served.Values.Min()).TotalSeconds:0.00} s");
        var tags = Json.Parse((await driver.Sim.RunDokkuAsync(driver.Staging, ct, "graduate:state-tags", "production")).EnsureSuccess("graduate:state-tags").StandardOutput);
        Assert.Equal(result.Tag, tags[0].GetProperty("tag").GetString());
        using var manifest = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal("real-lane", manifest.RootElement.GetProperty("approval").GetProperty("by").GetString());
        await scenario.StopProbesAsync(ct);
    }

    /// <summary>
    /// Issue 11's reject on real Dokku: both apps held staged after the POST hooks, then the <c>reject</c> update; every
    /// staged release is torn down, nothing goes live, and the old release serves throughout and after a restart.
    /// </summary>
    [Fact]
    public async Task Graduation_ApprovalRejected_StagedReleasesTornDownOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);

        // Under the product's id (graduate-production), which `graduate history production` lists below.
        var handle = await StartAwaitingApprovalAsync(scenario, scenario.Graduations.Input([Migrate]), 1800, ct, GraduationWorkflowIds.For("production"));
        var gid = (await handle.StatusAsync(ct)).GraduationId;
        foreach (var app in Apps)
        {
            Assert.Equal("staged", await driver.GateStateAsync(gid, app, ct));
        }

        var rejected = await handle.ExecuteUpdateAsync<ApprovalStatus>("reject", [new RejectRequest("schema review found a problem", "real-lane")], new() { Rpc = new() { CancellationToken = ct } });
        Assert.Equal(ApprovalState.Rejected, rejected.State);
        var result = await driver.TimedAsync("reject -> result", () => handle.ResultAsync(ct));

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("Rejected by real-lane: schema review found a problem", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        Assert.Null(result.Tag);
        Assert.Equal((ApprovalState.Rejected, "real-lane"), (result.Approval!.State, result.Approval.By));

        // `graduate history production`: the rejected graduation, from Temporal's visibility (it wrote no tag).
        var runId = handle.RunId ?? handle.ResultRunId;
        var listed = await Poll.UntilAsync(
            "graduate history to list the rejected graduation",
            async token =>
            {
                var (code, stdout, stderr) = await driver.GraduateAsync("history production --json", token, scenario.Graduations.Server.Address);
                var settled = code == 0 && Json.Parse(stdout).GetProperty("entries").EnumerateArray().Any(e => e.GetProperty("runId").GetString() == runId && e.GetProperty("outcome").GetString() == GraduationOutcome.Failed);
                return (settled ? stdout : null, $"exit {code}: {stdout}{stderr}");
            },
            TimeSpan.FromMinutes(2),
            ct,
            TimeSpan.FromSeconds(1));
        driver.Log("graduate history production --json:\n" + listed);
        var entry = Json.Parse(listed).GetProperty("entries").EnumerateArray().First(e => e.GetProperty("runId").GetString() == runId);
        Assert.Equal("graduation", entry.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("tag").ValueKind);
        Assert.Equal(("rejected", "real-lane"), (entry.GetProperty("approval").GetProperty("state").GetString(), entry.GetProperty("approval").GetProperty("by").GetString()));
        Assert.Contains(entry.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("schema review found a problem", StringComparison.Ordinal));
        Assert.Equal(Apps, entry.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var (tableCode, table, tableError) = await driver.GraduateAsync("history production", ct, scenario.Graduations.Server.Address);
        driver.Log("graduate history production:\n" + table + tableError);
        Assert.Equal(0, tableCode);
        await scenario.AssertOldKeptAsync(result.GraduationId, ct);
    }

    /// <summary>
    /// Issue 11's approval deadline on real Dokku: nobody approves within the deadline, so the staged releases are torn
    /// down like any failure; the gates (armed for the deadline) never timed out first.
    /// </summary>
    [Fact]
    public async Task Graduation_ApprovalDeadlinePasses_StagedReleasesTornDownOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);

        // A short deadline, counted from the moment every app is staged (the deploys themselves take minutes here).
        var handle = await StartAwaitingApprovalAsync(scenario, scenario.Graduations.Input(), 45, ct);
        var result = await driver.TimedAsync("awaiting approval -> deadline -> result", () => handle.ResultAsync(ct));

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("Approval timed out", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        Assert.Equal(ApprovalState.TimedOut, result.Approval!.State);
        foreach (var app in Apps)
        {
            // Torn down by the graduation, not by the gate's own timeout (armed past the approval deadline).
            Assert.NotEqual("timed-out", await driver.GateStateAsync(result.GraduationId, app, ct));
        }

        await scenario.AssertOldKeptAsync(result.GraduationId, ct);
    }

    /// <summary>
    /// Issue 11's rollback on real Dokku: after a graduation to v2, production back on the releases of an older state
    /// tag (v1), both apps staged behind the gates (forced pushes of the older shas) and put live together, the hooks
    /// told it is a rollback, a new tag naming the one it rolled back to.
    /// </summary>
    [Fact]
    public async Task Rollback_AfterAGraduationToV2_BothAppsBackOnV1TogetherAndTagged()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 6);
        var ct = cts.Token;
        const string oldTag = "production/20260101120000";
        const string migrateUnlessRollback = "[ \"${GRADUATE_ROLLBACK:-0}\" = 1 ] || " + Migrate;
        const string sayRollback = "echo \"rollback=${GRADUATE_ROLLBACK:-0} to=${GRADUATE_ROLLBACK_TO:-none}\"";
        await using var scenario = await BeginAsync(ct);
        var manifest = JsonSerializer.Serialize(new { apps = await Task.WhenAll(Apps.Select(async app => new { name = app, sha = await driver.Lab.ShaAsync(app, "v1", ct) })) });
        (await driver.Sim.RunDokkuAsync(driver.Staging, ["graduate:state-tag", oldTag], manifest, ct)).EnsureSuccess("graduate:state-tag " + oldTag);

        var graduation = await driver.TimedAsync("graduation to v2", async () => await (await scenario.Graduations.StartAsync(scenario.Graduations.Input([migrateUnlessRollback]), ct)).ResultAsync(ct));
        Assert.True(graduation.Outcome == GraduationOutcome.Completed, string.Join(" / ", graduation.Errors));
        foreach (var app in Apps)
        {
            await LabDriver.WaitForVersionAsync(scenario.Probes[app], "v2", ct);
        }

        var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input([migrateUnlessRollback, sayRollback]) with { RollbackTo = oldTag }, ct);
        var result = await driver.TimedAsync("rollback to " + oldTag, () => handle.ResultAsync(ct));

        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.Equal(oldTag, result.RollbackTo);
        foreach (var app in result.Apps)
        {
            Assert.Equal(AppState.Live, app.State);
            Assert.Equal(await driver.Lab.ShaAsync(app.Name, "v2", ct), app.BeforeSha);
            Assert.Equal(await driver.Lab.ShaAsync(app.Name, "v1", ct), app.AfterSha);
        }

        var served = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            served[app] = await LabDriver.WaitForVersionAsync(scenario.Probes[app], "v1", ct);
        }

        driver.Log($"rollback go-live skew (first to last app serving v1 through nginx): {(served.Values.Max() - served.Values.Min()).TotalSeconds:0.00} s");
        var status = await handle.StatusAsync(ct);
        Assert.Contains($"rollback=1 to={oldTag}", status.Hooks.Single(h => h.Index == 2).LogTail);
        foreach (var app in Apps)
        {
            // v1, then v2 after the graduation, then v1 for good once the rollback went live.
            LabDriver.AssertNoFlipBack(scenario.Probes[app], "v1", after: "v2");
            Assert.Empty(await RealDokkuLab.StagedContainersAsync(app, ct));
            Assert.Equal("live", await driver.GateStateAsync(result.GraduationId, app, ct));
            Assert.Equal("v1", await RealDokkuLab.ImageRevisionAsync(app, ct));
            Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        }

        var tags = Json.Parse((await driver.Sim.RunDokkuAsync(driver.Staging, ct, "graduate:state-tags", "production")).EnsureSuccess("graduate:state-tags").StandardOutput);
        Assert.Equal(result.Tag, tags[0].GetProperty("tag").GetString());
        using var written = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal(oldTag, written.RootElement.GetProperty("rollbackTo").GetString());
        await scenario.StopProbesAsync(ct);
    }

    [Fact]
    public async Task Graduation_PostHookFails_EveryStagedReleaseTornDownAndOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);

        var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input(["echo smoke test against $ENVIRONMENT_URL failed >&2; exit 1"]), ct);
        var result = await driver.TimedAsync("graduation with a failing POST hook", () => handle.ResultAsync(ct));

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("POST hook 1", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        var status = await handle.StatusAsync(ct);
        Assert.All(status.Apps, a => Assert.NotNull(a.StagedAt));
        Assert.Contains(status.Hooks[0].LogTail, l => l.Contains("smoke test against " + driver.Lab.Alias + " failed", StringComparison.Ordinal));
        await scenario.AssertOldKeptAsync(result.GraduationId, ct);
    }

    [Fact]
    public async Task Graduation_CancelSignalWhileStaged_CanceledTornDownAndOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);
        using var hold = new HookHold();

        var (handle, gid) = await StartUntilStagedAsync(scenario, hold, ct);
        await handle.CancelSignalAsync("operator changed their mind", ct);
        var result = await driver.TimedAsync("cancel signal -> result", () => handle.ResultAsync(ct));
        hold.Release();

        Assert.Equal(GraduationOutcome.Canceled, result.Outcome);
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        Assert.Contains(result.Errors, e => e.Contains("operator changed their mind", StringComparison.Ordinal));
        await scenario.AssertOldKeptAsync(gid, ct);
    }

    [Fact]
    public async Task Graduation_TemporalCliCancelWhileStaged_ExecutionCanceledTornDownAndOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);
        using var hold = new HookHold();

        var (handle, gid) = await StartUntilStagedAsync(scenario, hold, ct);
        // Temporal's own cancel request, as the peer client (and the Web UI's Cancel button) sends it.
        var (code, _, stderr) = await scenario.Graduations.Server.RunCliAsync(["workflow", "cancel", "-w", handle.Id], ct);
        Assert.True(code == 0, stderr);
        var failure = await driver.TimedAsync("temporal workflow cancel -> execution closed", () => Assert.ThrowsAsync<WorkflowFailedException>(() => handle.ResultAsync(ct)));
        hold.Release();

        Assert.IsType<CanceledFailureException>(failure.InnerException);
        var status = await handle.StatusAsync(ct);
        Assert.Equal(GraduationPhase.Canceled, status.Phase);
        Assert.Equal(GraduationOutcome.Canceled, status.Outcome);
        Assert.All(status.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        await scenario.AssertOldKeptAsync(gid, ct);
    }

    [Fact]
    public async Task Graduation_AppFailsAfterItsGateOpened_LiveAppRolledBackBothServeOldAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);
        // webservices' deploy fails in post-deploy, after nginx switched to it (after its gate opened).
        using var failing = FailingPostDeploy.Install("webservices");

        var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input(), ct);
        var result = await driver.TimedAsync("graduation failing at go-live, with its rollback", () => handle.ResultAsync(ct));

        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("webservices failed to go live", StringComparison.Ordinal));
        // portal by a forced push of v1, webservices (whose failed push left its branch on v1) by ps:rebuild.
        Assert.Equal(["portal", "webservices"], result.RolledBack.Order(StringComparer.Ordinal));
        Assert.Equal(AppState.RolledBack, result.Apps.Single(a => a.Name == "portal").State);
        Assert.True(failing.Failed, "webservices' post-deploy never ran");
        var report = Json.Parse(await driver.DokkuAsync(ct, "graduate:report"));
        foreach (var app in Apps)
        {
            Assert.Equal("v1", await RealDokkuLab.ServedVersionAsync(app, ct));
            Assert.Equal(await driver.Lab.ShaAsync(app, "v1", ct), Json.Text(report, "apps", app, "deployedSha"));
        }

        await scenario.AssertOldBackAsync(result.GraduationId, ct);
    }

    [Fact]
    public async Task Graduation_AppFailsItsHealthcheck_PushRejectedNothingLiveOldServesAfterRestart()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        await using var scenario = await BeginAsync(ct);
        // Staging runs a webservices release whose healthcheck fails (checks skipped there to deploy it).
        await StagingRunsAsync("webservices", "v3-unhealthy", ct);
        try
        {
            var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input([Migrate]), ct);
            var result = await driver.TimedAsync("graduation with an app failing its healthcheck", () => handle.ResultAsync(ct));

            Assert.Equal(GraduationOutcome.Failed, result.Outcome);
            Assert.Contains(result.Errors, e => e.Contains("webservices could not be staged", StringComparison.Ordinal));
            Assert.Equal(AppState.Failed, result.Apps.Single(a => a.Name == "webservices").State);
            Assert.Equal(AppState.Aborted, result.Apps.Single(a => a.Name == "portal").State);
            Assert.Equal("skipped", Assert.Single((await handle.StatusAsync(ct)).Hooks).State);
            await scenario.AssertOldKeptAsync(result.GraduationId, ct);
        }
        finally
        {
            await StagingRunsAsync("webservices", "v2", CancellationToken.None);
        }
    }

    /// <summary>Starts a graduation whose first POST hook waits for <paramref name="hold"/>; returns once both apps are staged and held.</summary>
    /// <summary>Starts a graduation that needs approval and waits until every app is staged and it awaits the decision.</summary>
    private async Task<WorkflowHandle> StartAwaitingApprovalAsync(Scenario scenario, GraduationInput input, int approvalTimeoutSeconds, CancellationToken ct, string? workflowId = null)
    {
        var handle = await scenario.Graduations.StartAsync(input with { Approval = true, ApprovalTimeoutSeconds = approvalTimeoutSeconds }, ct, workflowId);
        await driver.TimedAsync("graduation started -> awaiting approval", () => handle.WaitForPhaseAsync(GraduationPhase.AwaitingApproval, LabDriver.DeployDeadline, ct));
        return handle;
    }

    private async Task<(WorkflowHandle Handle, string Gid)> StartUntilStagedAsync(Scenario scenario, HookHold hold, CancellationToken ct)
    {
        var handle = await scenario.Graduations.StartAsync(scenario.Graduations.Input([hold.Command, Migrate]), ct);
        await driver.TimedAsync("graduation started -> both apps staged", () => handle.WaitForPhaseAsync(GraduationPhase.PostHooks, LabDriver.DeployDeadline, ct));
        var gid = (await handle.StatusAsync(ct)).GraduationId;
        Assert.All(await Task.WhenAll(Apps.Select(app => driver.GateStateAsync(gid, app, ct))), state => Assert.Equal("staged", state));
        return (handle, gid);
    }

    private async Task StagingRunsAsync(string app, string revision, CancellationToken ct)
    {
        (await driver.Sim.RunDokkuAsync(driver.Staging, ct, "checks:skip", app)).EnsureSuccess("checks:skip on staging");
        (await driver.Sim.PushAsync(driver.Staging, app, revision, app, force: true, ct)).EnsureSuccess($"push {revision} to staging");
        (await driver.Sim.RunDokkuAsync(driver.Staging, ct, "checks:enable", app)).EnsureSuccess("checks:enable on staging");
    }

    private static string Seconds(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? $"{(end - start).TotalSeconds:0.0} s" : "n/a";

    private static async Task<JsonElement> AnswerAsync(string app, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var document = JsonDocument.Parse(await client.GetStringAsync(RealDokkuLab.PublicUrl(app), ct));
        return document.RootElement.Clone();
    }

    /// <summary>A v2 app never answered on schema 1: the migration ran before anything went live.</summary>
    private static void AssertNoNewReleaseOnOldSchema(PublicUrlProbe probe)
    {
        foreach (var answer in probe.Answers.Where(a => a.Version == "v2"))
        {
            using var body = JsonDocument.Parse(answer.Detail);
            Assert.True(body.RootElement.GetProperty("schema").GetInt32() >= 2, "a v2 app answered on the old schema: " + answer.Detail);
        }
    }

    /// <summary>Resets the lab to v1 / schema 1, records each app's image and GIT_REV, starts the probes.</summary>
    private async Task<Scenario> BeginAsync(CancellationToken ct)
    {
        var graduations = await driver.TimedAsync("Temporal and worker ready", () => fixture.GraduationsAsync(ct));
        await driver.TimedAsync("reset to v1", () => driver.Lab.ResetExampleAsync(ct));
        var before = new Dictionary<string, (string, string?, string)>(StringComparer.Ordinal);
        foreach (var app in Apps)
        {
            before[app] = (await RealDokkuLab.ImageIdAsync(app, ct), await RealDokkuLab.ImageRevisionAsync(app, ct), await driver.ConfigAsync(app, "GIT_REV", ct));
        }

        return new Scenario(driver, graduations, before, LabDriver.StartProbes(Apps));
    }

    /// <summary>One scenario's probes and the apps' state before it.</summary>
    private sealed class Scenario(
        LabDriver driver,
        RealGraduations graduations,
        Dictionary<string, (string Image, string? Release, string GitRev)> before,
        Dictionary<string, PublicUrlProbe> probes) : IAsyncDisposable
    {
        private bool stopped;

        public RealGraduations Graduations => graduations;

        public Dictionary<string, PublicUrlProbe> Probes => probes;

        /// <summary>
        /// After a failed or canceled graduation: nothing held or staged, each app exactly as before (image,
        /// GIT_REV), only v1 ever served, and still v1 after a <c>dokku ps:restart</c> of each app.
        /// </summary>
        public async Task AssertOldKeptAsync(string gid, CancellationToken ct)
        {
            foreach (var app in Apps)
            {
                await LabDriver.WaitForNoStagedContainerAsync(app, ct);
                var gate = await driver.GateStateAsync(gid, app, ct);
                Assert.True(gate is not ("staged" or "armed" or "live"), $"{app}'s gate is {gate}");
                Assert.Equal(before[app], (await RealDokkuLab.ImageIdAsync(app, ct), await RealDokkuLab.ImageRevisionAsync(app, ct), await driver.ConfigAsync(app, "GIT_REV", ct)));
                Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
                Assert.Equal(["v1"], probes[app].VersionsSeen);
            }

            await driver.TimedAsync("ps:restart of both apps", () => Task.WhenAll(Apps.Select(app => driver.DokkuAsync(ct, "ps:restart", app))));
            foreach (var app in Apps)
            {
                Assert.Equal("v1", await RealDokkuLab.ServedVersionAsync(app, ct));
                Assert.Equal(["v1"], probes[app].VersionsSeen);
            }

            await StopProbesAsync(ct);
        }

        /// <summary>
        /// After a graduation that went live in part and was rolled back: production ends on v1 (never back on
        /// v2 after it), each app's image and GIT_REV are v1's, no staged container, and v1 after a restart.
        /// </summary>
        public async Task AssertOldBackAsync(string gid, CancellationToken ct)
        {
            foreach (var app in Apps)
            {
                await LabDriver.WaitForNoStagedContainerAsync(app, ct);
                Assert.Equal("v1", await RealDokkuLab.ImageRevisionAsync(app, ct));
                Assert.Equal(before[app].GitRev, await driver.ConfigAsync(app, "GIT_REV", ct));
                Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
                LabDriver.AssertNoFlipBack(probes[app], "v1", after: "v2");
                driver.Log($"{app}: running containers {string.Join(", ", await RealDokkuLab.RunningContainersAsync(app, ct))}");
            }

            await driver.TimedAsync("ps:restart of both apps", () => Task.WhenAll(Apps.Select(app => driver.DokkuAsync(ct, "ps:restart", app))));
            foreach (var app in Apps)
            {
                Assert.Equal("v1", await RealDokkuLab.ServedVersionAsync(app, ct));
                Assert.Equal("v1", probes[app].LatestVersion);
            }

            await StopProbesAsync(ct);
        }

        public async Task StopProbesAsync(CancellationToken ct)
        {
            stopped = true;
            await driver.StopProbesAsync(probes, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (!stopped)
            {
                foreach (var probe in probes.Values)
                {
                    await probe.DisposeAsync();
                }
            }
        }
    }

    /// <summary>A test plugin on the lab whose <c>post-deploy</c> fails once for one app (after nginx switched to it).</summary>
    private sealed class FailingPostDeploy(LabTestPlugin plugin) : IDisposable
    {
        public bool Failed => Directory.Exists(Path.Combine(plugin.Marker, "failed"));

        public static FailingPostDeploy Install(string app) =>
            new(LabTestPlugin.Install("graduate-test-fail-post-deploy", $"post-deploy of {app} fails once", "post-deploy", marker => $$"""
                #!/usr/bin/env bash
                [[ "$1" == "{{app}}" ]] || exit 0
                mkdir "{{marker}}/failed" 2>/dev/null || exit 0
                echo " !     post-deploy of $1 failed on purpose" >&2
                exit 1

                """));

        public void Dispose() => plugin.Dispose();
    }

    /// <summary>
    /// A POST hook that waits (at most 15 minutes) until the test releases it, so the test can look at the
    /// held releases; the hook runs on staging as its dokku user, on this machine.
    /// </summary>
    private sealed class HookHold : IDisposable
    {
        private readonly string directory = Open(Directory.CreateTempSubdirectory("graduate-real-hold-").FullName);

        public string Command => $"for i in $(seq 900); do [ -e {directory}/release ] && exit 0; sleep 1; done; echo the test never released this hook >&2; exit 1";

        public void Release() => File.WriteAllText(Path.Combine(directory, "release"), string.Empty);

        // Left in place: a hook still running must see the release.
        public void Dispose() => Release();

        private static string Open(string path)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            return path;
        }
    }
}
