using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows.Status;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Workflows.Tests;

/// <summary>
/// The Graduation workflow end to end: a real dev server, an in-process worker, real ssh to simulated hosts
/// (production v1 / schema 1, staging v2 / schema 2), production's public URLs polled every 50 ms throughout.
/// </summary>
[Collection(GraduationCollection.Name)]
public sealed class GraduationWorkflowTests(TemporalServerFixture temporal)
{
    private const string Migrate = "ssh dokku@$ENVIRONMENT_URL run --no-tty portal ./migrate";
    private static readonly string[] Apps = ["portal", "webservices"];
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Graduation_ExampleWithMigrationPostHook_BothAppsLiveOnNewSchemaWithoutAFailedRequest()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.Equal(Apps, result.Apps.Select(a => a.Name));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        foreach (var app in result.Apps)
        {
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v2", ct), app.AfterSha);
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v1", ct), app.BeforeSha);
            Assert.Equal(app.AfterSha, app.Release);
        }

        var answer = await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("portal"), ct);
        Assert.Equal("v2", answer.GetProperty("version").GetString());
        Assert.Equal(2, answer.GetProperty("schema").GetInt32());
        Assert.Equal("v2", answer.GetProperty("peer").GetString());
        Assert.True(answer.GetProperty("compatible").GetBoolean());
        AssertNoFailedRequestAndNoNewAppOnOldSchema(probes);
        Assert.All(probes.All, p => Assert.Equal("v2", p.LatestVersion));

        // Tagged in the source's state repository with the manifest.
        Assert.NotNull(result.Tag);
        Assert.StartsWith("production/", result.Tag, StringComparison.Ordinal);
        var tags = await harness.JsonAsync(harness.Staging, ct, "graduate:state-tags", "production");
        Assert.Equal(result.Tag, tags[0].GetProperty("tag").GetString());
        using var manifest = JsonDocument.Parse(tags[0].GetProperty("message").GetString()!);
        Assert.Equal(Apps, manifest.RootElement.GetProperty("apps").EnumerateArray().Select(a => a.GetProperty("name").GetString()));

        var status = await handle.StatusAsync(ct);
        Assert.NotNull(status);
        Assert.Equal(GraduationPhase.Completed, status.Phase);
        var hook = Assert.Single(status.Hooks);
        Assert.Equal("succeeded", hook.State);
        Assert.Contains(hook.LogTail, l => l.Contains("migrated schema 1 -> 2", StringComparison.Ordinal));
        Assert.All(status.Apps, a => Assert.True(a.PushStartedAt <= a.StagedAt && a.StagedAt <= a.LiveAt, $"{a.Name} timings"));
        await AssertNothingHeldAsync(harness, result.GraduationId, ct);
        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_StartedByTemporalCliWithDocumentedJson_CompletesTheSame()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        var id = "graduate-production-cli-" + Guid.NewGuid().ToString("N")[..8];
        var json = $$"""
            {"source":{"name":"staging","url":"{{harness.Source.Url}}"},
             "destination":{"name":"production","url":"{{harness.Destination.Url}}"},
             "apps":["portal","webservices"], "postHooks":["{{Migrate}}"], "gateTimeoutSeconds":120}
            """;

        var (code, _, stderr) = await temporal.Server.RunCliAsync(["workflow", "start", "--type", "Graduation", "-t", harness.TaskQueue, "-w", id, "-i", json], ct);
        Assert.True(code == 0, stderr);
        var (resultCode, stdout, resultErr) = await temporal.Server.RunCliAsync(["workflow", "result", "-w", id, "-o", "json"], ct);

        Assert.True(resultCode == 0, resultErr + stdout);
        using var document = JsonDocument.Parse(stdout);
        var result = document.RootElement.GetProperty("result");
        Assert.Equal("completed", result.GetProperty("outcome").GetString());
        Assert.StartsWith("production/", result.GetProperty("tag").GetString(), StringComparison.Ordinal);
        var answer = await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("webservices"), ct);
        Assert.Equal("v2", answer.GetProperty("version").GetString());
        Assert.Equal(2, answer.GetProperty("schema").GetInt32());
    }

    [Fact]
    public async Task Graduation_DestinationAlreadyRunsTheSha_AppSkippedAndReported()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        (await harness.Sim.PushAsync(harness.Production, "webservices", "v2", "webservices", force: false, ct)).EnsureSuccess("push webservices v2");

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.Equal(["portal"], result.Apps.Select(a => a.Name));
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("webservices", skipped.Name);
        Assert.Equal(await harness.Sim.ShaAsync("webservices", "v2", ct), skipped.Sha);
        var jobs = await harness.JsonAsync(harness.Staging, ct, "graduate:jobs", result.GraduationId);
        Assert.False(jobs.TryGetProperty("push-webservices", out _));

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_AppLockedOnDestination_RefusedNamingItWithNothingArmed()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        (await harness.DokkuAsync(harness.Production, ct, "apps:lock", "portal")).EnsureSuccess("apps:lock");

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains("portal is locked on production", Assert.Single(result.Errors), StringComparison.Ordinal);
        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", result.GraduationId);
        Assert.Empty(gates.EnumerateObject());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_ConfigKeyMissingOnDestination_RefusedNamingItWithNothingArmed()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct, SetMailerAddressOnStagingAsync);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]) with { EnvironmentSpecificConfig = ["SENTRY_ENV"] }, ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Contains("portal (MAILER_ADDRESS)", error, StringComparison.Ordinal);
        Assert.Contains("--allow-config-drift", error, StringComparison.Ordinal);
        Assert.DoesNotContain("SENTRY_ENV", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ops@example.com", error, StringComparison.Ordinal);
        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", result.GraduationId);
        Assert.Empty(gates.EnumerateObject());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_ConfigDriftAllowed_BothAppsLive()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct, SetMailerAddressOnStagingAsync);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]) with { AllowConfigDrift = true }, ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        Assert.Equal(2, result.Apps.Count);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    /// <summary>A key on staging's portal that production lacks (SENTRY_ENV too, declared environment-specific by one test).</summary>
    private static async Task SetMailerAddressOnStagingAsync(GraduationHarness harness) =>
        (await harness.DokkuAsync(harness.Staging, CancellationToken.None, "config:set", "--no-restart", "portal", "MAILER_ADDRESS=ops@example.com", "SENTRY_ENV=staging"))
            .EnsureSuccess("config:set");

    [Fact]
    public async Task Graduation_AppFailsAfterItsGateOpened_BothRolledBackToV1WithoutAFailedRequest()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.FailNextPostDeploy(harness.Production, "webservices");
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("webservices failed to go live", StringComparison.Ordinal));

        // portal went live and is pushed back to v1; webservices failed after the proxy switched (its push was
        // rejected, so its branch still holds v1) and is rebuilt from that branch: both serve v1 again.
        Assert.Equal(["portal", "webservices"], result.RolledBack.Order(StringComparer.Ordinal));
        var portal = result.Apps.Single(a => a.Name == "portal");
        Assert.Equal(AppState.RolledBack, portal.State);
        Assert.Equal(portal.BeforeSha, portal.AfterSha);
        Assert.Equal("v1", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("portal"), ct)).GetProperty("version").GetString());
        var report = await harness.JsonAsync(harness.Production, ct, "graduate:report");
        Assert.Equal(await harness.Sim.ShaAsync("portal", "v1", ct), report.GetProperty("apps").GetProperty("portal").GetProperty("deployedSha").GetString());

        Assert.Equal(AppState.RolledBack, result.Apps.Single(a => a.Name == "webservices").State);
        Assert.Equal("v1", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("webservices"), ct)).GetProperty("version").GetString());
        Assert.Equal(await harness.Sim.ShaAsync("webservices", "v1", ct), report.GetProperty("apps").GetProperty("webservices").GetProperty("deployedSha").GetString());
        foreach (var app in Apps)
        {
            // GIT_REV names v1 again: the failed push had set it to v2, and a rebuild keeps it as real Dokku does.
            var rev = (await harness.DokkuAsync(harness.Production, ct, "config:get", app, "GIT_REV")).EnsureSuccess("config:get").StandardOutput.Trim();
            Assert.Equal(await harness.Sim.ShaAsync(app, "v1", ct), rev);
        }

        foreach (var probe in probes.All)
        {
            Assert.True(probe.Failures == 0, string.Join("\n", probe.Answers.Where(a => a.Version is null).Select(a => a.Detail)));
        }

        var tags = await harness.JsonAsync(harness.Staging, ct, "graduate:state-tags", "production");
        Assert.Equal(0, tags.GetArrayLength());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_CancelSignalDuringGoLive_CompletesAndStatusSaysTooLate()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.SlowPostDeploy(harness.Production, 4);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        await WaitForPhaseAsync(handle, GraduationPhase.GoingLive, ct);
        await handle.CancelSignalAsync("second thoughts", ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
        Assert.Contains(result.Errors, e => e.Contains("too late", StringComparison.Ordinal));
        var status = await handle.StatusAsync(ct);
        Assert.True(status!.CancelRequested);
        Assert.True(status.CancelTooLate);
        Assert.Equal("v2", (await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl("portal"), ct)).GetProperty("version").GetString());

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_SameDestinationTwice_RefusedWhileOneRunsThenRunsWithItsOwnJobs()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        var id = GraduationWorkflowIds.For("production") + "-" + Guid.NewGuid().ToString("N")[..8];

        var first = await harness.StartAsync(harness.Input(preHooks: ["sleep 2 && exit 4"]), id, ct);
        await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => harness.StartAsync(harness.Input(postHooks: [Migrate]), id, ct));
        var failed = await first.ResultAsync(ct);
        var second = await harness.StartAsync(harness.Input(postHooks: [Migrate]), id, ct);
        var result = await second.ResultAsync(ct);

        Assert.Equal(GraduationOutcome.Failed, failed!.Outcome);
        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        Assert.NotEqual(failed.GraduationId, result.GraduationId);
        Assert.All(result.Apps, a => Assert.Equal(AppState.Live, a.State));
    }

    [Fact]
    public async Task Graduation_WorkerProcessKilledWhileStagingAndStoppedDuringPostHook_CompletesDeployingEachAppOnce()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.SlowChecks(harness.Production, 3);
        await using var probes = Probes(harness);

        // The worker executable, as an operator runs it, takes over from the in-process worker.
        await harness.StopWorkerAsync();
        using (var first = harness.StartWorkerProcess())
        {
            await first.WaitUntilReadyAsync(GraduationHarness.StepDeadline, ct);
            var handle = await harness.StartAsync(harness.Input(postHooks: ["sleep 3 && " + Migrate]), ct);
            await WaitForPhaseAsync(handle, GraduationPhase.Staging, ct);
            await first.KillAsync();

            using var second = harness.StartWorkerProcess();
            await WaitForPhaseAsync(handle, GraduationPhase.PostHooks, ct);
            await second.TerminateAsync();
            await second.WaitForExitAsync(GraduationHarness.StepDeadline);
            Assert.True(second.ExitCode == 0, second.Output);

            await harness.RestartWorkerAsync(ct);
            var result = await handle.ResultAsync(ct);
            await probes.StopAsync(ct);
            await AssertEachAppDeployedOnceAsync(harness, result, probes, ct);
            await Histories.RecordAndReplayAsync(handle, ct);
        }
    }

    [Fact]
    public async Task Graduation_WorkerRestartedWhileStagingAndDuringPostHook_CompletesDeployingEachAppOnce()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.SlowChecks(harness.Production, 3);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: ["sleep 3 && " + Migrate]), ct);
        await WaitForPhaseAsync(handle, GraduationPhase.Staging, ct);
        await harness.RestartWorkerAsync(ct);
        await WaitForPhaseAsync(handle, GraduationPhase.PostHooks, ct);
        await harness.RestartWorkerAsync(ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);
        await AssertEachAppDeployedOnceAsync(harness, result, probes, ct);
        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_PreHookFails_FailedWithNothingArmedAndProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(preHooks: ["echo checking $GRADUATE_APPS for $GRADUATE_DESTINATION", "exit 3"], postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("PRE hook 2", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Pending, a.State));
        var status = await handle.StatusAsync(ct);
        Assert.NotNull(status);
        Assert.Equal(["succeeded", "failed", "skipped"], status.Hooks.Select(h => h.State));
        Assert.Contains(status.Hooks[0].LogTail, l => l == "checking portal webservices for production");
        Assert.Equal(3, status.Hooks[1].ExitCode);
        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", result.GraduationId);
        Assert.Empty(gates.EnumerateObject());
        await AssertProductionUntouchedAsync(harness, result.GraduationId, probes, ct);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_StagedAppFailsItsChecks_FailedEveryGateAbortedProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        // Staging runs a webservices release whose healthcheck fails (checks skipped there to deploy it).
        await using var harness = await GraduationHarness.StartAsync(temporal, ct, async h =>
        {
            (await h.DokkuAsync(h.Staging, ct, "checks:skip", "webservices")).EnsureSuccess("checks:skip");
            (await h.Sim.PushAsync(h.Staging, "webservices", "v3-unhealthy", "webservices", force: false, ct)).EnsureSuccess("push v3-unhealthy");
            (await h.DokkuAsync(h.Staging, ct, "checks:enable", "webservices")).EnsureSuccess("checks:enable");
        });
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("webservices could not be staged", StringComparison.Ordinal));
        Assert.Equal(AppState.Failed, result.Apps.Single(a => a.Name == "webservices").State);
        Assert.Equal(AppState.Aborted, result.Apps.Single(a => a.Name == "portal").State);
        var status = await handle.StatusAsync(ct);
        Assert.Equal("skipped", Assert.Single(status!.Hooks).State);
        await AssertProductionUntouchedAsync(harness, result.GraduationId, probes, ct);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_PostHookFails_FailedEveryGateAbortedProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: ["echo smoke test against $ENVIRONMENT_URL failed >&2; exit 1"]), ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        Assert.Contains(result.Errors, e => e.Contains("POST hook 1", StringComparison.Ordinal));
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        foreach (var app in result.Apps)
        {
            // Still on v1; the result also names the release it refused.
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v1", ct), app.AfterSha);
            Assert.Equal(await harness.Sim.ShaAsync(app.Name, "v2", ct), app.Release);
        }

        var status = await handle.StatusAsync(ct);
        Assert.All(status!.Apps, a => Assert.NotNull(a.StagedAt));
        Assert.Contains(status.Hooks[0].LogTail, l => l.Contains("smoke test against " + harness.Production.Alias + " failed", StringComparison.Ordinal));
        await AssertProductionUntouchedAsync(harness, result.GraduationId, probes, ct);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_CancelSignalWhileStaging_CanceledNothingLeftStagedProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        GraduationHarness.SlowChecks(harness.Production, 3);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: [Migrate]), ct);
        await WaitForPhaseAsync(handle, GraduationPhase.Staging, ct);
        await handle.CancelSignalAsync("operator changed their mind", ct);
        var result = await handle.ResultAsync(ct);
        await probes.StopAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Canceled, result.Outcome);
        Assert.All(result.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        Assert.Contains(result.Errors, e => e.Contains("operator changed their mind", StringComparison.Ordinal));
        var status = await handle.StatusAsync(ct);
        Assert.True(status!.CancelRequested);
        Assert.All(status.Apps, a => Assert.NotNull(a.PushStartedAt));
        Assert.False(status.CancelTooLate);
        Assert.Equal("skipped", Assert.Single(status.Hooks).State);
        await AssertProductionUntouchedAsync(harness, result.GraduationId, probes, ct);
        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_TemporalCliCancelDuringPostHook_ExecutionCanceledGatesAbortedProductionOnV1()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        await using var probes = Probes(harness);

        var handle = await harness.StartAsync(harness.Input(postHooks: ["sleep 30"]), ct);
        await WaitForPhaseAsync(handle, GraduationPhase.PostHooks, ct);
        // Temporal's own cancel request, as the peer client (and the Web UI's Cancel button) sends it.
        var (code, _, stderr) = await temporal.Server.RunCliAsync(["workflow", "cancel", "-w", handle.Id], ct);
        Assert.True(code == 0, stderr);
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.ResultAsync(ct));
        await probes.StopAsync(ct);

        Assert.IsType<CanceledFailureException>(failure.InnerException);
        var status = await handle.StatusAsync(ct);
        Assert.NotNull(status);
        Assert.Equal(GraduationPhase.Canceled, status.Phase);
        Assert.Equal(GraduationOutcome.Canceled, status.Outcome);
        Assert.All(status.Apps, a => Assert.Equal(AppState.Aborted, a.State));
        await AssertProductionUntouchedAsync(harness, status.GraduationId, probes, ct);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    [Fact]
    public async Task Graduation_SourceStateRepoDirty_FailedListingThePaths()
    {
        using var cts = new CancellationTokenSource(GraduationHarness.TestDeadline);
        var ct = cts.Token;
        await using var harness = await GraduationHarness.StartAsync(temporal, ct);
        (await harness.DokkuAsync(harness.Staging, ct, "config:set", "--no-restart", "portal", "MAILER_ADDRESS=ops@example.com")).EnsureSuccess("config:set");

        var handle = await harness.StartAsync(harness.Input(), ct);
        var result = await handle.ResultAsync(ct);

        Assert.NotNull(result);
        Assert.Equal(GraduationOutcome.Failed, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Contains(".graduate/apps/portal/config.json", error, StringComparison.Ordinal);
        Assert.Empty(result.Apps);

        await Histories.RecordAndReplayAsync(handle, ct);
    }

    private static async Task AssertEachAppDeployedOnceAsync(GraduationHarness harness, GraduationResult result, ProductionProbes probes, CancellationToken ct)
    {
        Assert.NotNull(result);
        Assert.True(result.Outcome == GraduationOutcome.Completed, string.Join(" / ", result.Errors));
        AssertNoFailedRequestAndNoNewAppOnOldSchema(probes);
        foreach (var app in Apps)
        {
            // One build of v2 on production: the retried push found its job instead of pushing again.
            var sha = await harness.Sim.ShaAsync(app, "v2", ct);
            var releases = Directory.GetDirectories(Path.Combine(harness.Production.Root, "var", "lib", "dokku", "data", "sim", app, "releases"));
            Assert.Single(releases, r => r.EndsWith(sha[..12], StringComparison.Ordinal));
        }

        var log = (await harness.DokkuAsync(harness.Staging, ct, "graduate:job-log", result.GraduationId, "post-1")).EnsureSuccess("job-log").StandardOutput;
        Assert.Single(log.Split('\n'), l => l.Contains("migrated schema 1 -> 2", StringComparison.Ordinal));
    }

    private static ProductionProbes Probes(GraduationHarness harness) => ProductionProbes.Start(harness.Production, Apps, ProbeInterval);

    private static Task WaitForPhaseAsync(WorkflowHandle handle, string phase, CancellationToken ct) =>
        handle.WaitForPhaseAsync(phase, GraduationHarness.StepDeadline, ct);

    private static void AssertNoFailedRequestAndNoNewAppOnOldSchema(ProductionProbes probes)
    {
        foreach (var probe in probes.All)
        {
            Assert.True(probe.Answers.Count > 10, "the probe barely ran");
            Assert.True(probe.Failures == 0, string.Join("\n", probe.Answers.Where(a => a.Version is null).Select(a => a.Detail)));
            foreach (var answer in probe.Answers.Where(a => a.Version == "v2"))
            {
                using var body = JsonDocument.Parse(answer.Detail);
                Assert.True(body.RootElement.GetProperty("schema").GetInt32() >= 2, "a v2 app answered on the old schema: " + answer.Detail);
            }
        }
    }

    private static async Task AssertProductionUntouchedAsync(GraduationHarness harness, string graduationId, ProductionProbes probes, CancellationToken ct)
    {
        AssertNoFailedRequestAndNoNewAppOnOldSchema(probes);
        foreach (var probe in probes.All)
        {
            Assert.Equal(["v1"], probe.VersionsSeen);
        }

        foreach (var app in Apps)
        {
            var answer = await GraduationHarness.AnswerAtAsync(harness.Production.PublicUrl(app), ct);
            Assert.Equal("v1", answer.GetProperty("version").GetString());
        }

        var report = await harness.JsonAsync(harness.Production, ct, "graduate:report");
        foreach (var app in Apps)
        {
            Assert.Equal(await harness.Sim.ShaAsync(app, "v1", ct), report.GetProperty("apps").GetProperty(app).GetProperty("deployedSha").GetString());
        }

        await AssertNothingHeldAsync(harness, graduationId, ct);
    }

    private static async Task AssertNothingHeldAsync(GraduationHarness harness, string graduationId, CancellationToken ct)
    {
        var gates = await harness.JsonAsync(harness.Production, ct, "graduate:gates", graduationId);
        Assert.DoesNotContain(gates.EnumerateObject(), g => g.Value.GetProperty("state").GetString() is "staged" or "armed");
        // Hooks run detached on the source and are not killed by a cancel; pushes must all have ended.
        var jobs = await harness.JsonAsync(harness.Staging, ct, "graduate:jobs", graduationId);
        Assert.DoesNotContain(jobs.EnumerateObject(), j => j.Name.StartsWith("push-", StringComparison.Ordinal) && j.Value.GetProperty("state").GetString() == "running");
    }
}
