using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>
/// The graduate plugin's gate, driven over real SSH against simulated hosts: a release pushed from
/// staging to production is held "staged" (built, running, checked, no public traffic) until go,
/// abort or its own timeout. Each test uses its own app on production.
/// </summary>
public sealed class GateTests(ExampleHostsFixture hosts) : IClassFixture<ExampleHostsFixture>
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);
    private readonly GateDriver driver = new(hosts);

    private SimulatedDokku Sim => driver.Sim;

    [Fact]
    public async Task SeedExample_BothHosts_StagingAtV2OnSchema2AndProductionAtV1OnSchema1()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;

        var stagingPortal = await GateDriver.AnswerAtAsync(driver.Staging.PublicUrl("portal"), ct);
        var productionPortal = await GateDriver.AnswerAtAsync(driver.Production.PublicUrl("portal"), ct);
        var productionServices = await GateDriver.AnswerAtAsync(driver.Production.PublicUrl("webservices"), ct);

        Assert.Equal(("v2", "2", "v2", "true"), (Json.Text(stagingPortal, "version"), Json.Text(stagingPortal, "schema"), Json.Text(stagingPortal, "peer"), Json.Text(stagingPortal, "compatible")));
        Assert.Equal(("v1", "1", "v1", "true"), (Json.Text(productionPortal, "version"), Json.Text(productionPortal, "schema"), Json.Text(productionPortal, "peer"), Json.Text(productionPortal, "compatible")));
        Assert.Equal("webservices", Json.Text(productionServices, "app"));
        var report = Json.Parse((await Sim.RunDokkuAsync(driver.Staging, ct, "graduate:report")).EnsureSuccess("graduate:report").StandardOutput);
        Assert.Equal(await Sim.ShaAsync("portal", "v2", ct), Json.Text(report, "apps", "portal", "deployedSha"));
    }

    [Fact]
    public async Task Go_StagedRelease_OldServesUntilGoThenNewWithoutFailedRequests()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-go";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        await driver.ArmAsync("g-go", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-go", app, ct);
        await driver.WaitForGateAsync("g-go", app, "staged", ct);

        // Held: the new release runs and passed its checks, but the public URL is still the old one.
        await GateDriver.WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        Assert.DoesNotContain("v2", probe.VersionsSeen);

        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-go", app)).EnsureSuccess("graduate:go");
        var job = await driver.WaitForJobAsync(driver.Staging, "g-go", "push-portal", ct);
        Assert.Equal("succeeded", Json.Text(job, "state"));
        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
        await driver.WaitForGateAsync("g-go", app, "live", ct);

        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1", "v2"], probe.VersionsSeen);
        // The switch is atomic: once the new release answered, the old one never did again.
        var answers = probe.Answers.Where(a => a.Version is not null).Select(a => a.Version).ToList();
        Assert.All(answers.Skip(answers.IndexOf("v2")), v => Assert.Equal("v2", v));
    }

    [Fact]
    public async Task Abort_StagedRelease_OldKeepsServingAndAbortedReleaseNeverAnswers()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-abort";
        var url = await driver.CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        await driver.ArmAsync("g-abort", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-abort", app, ct);
        await driver.WaitForGateAsync("g-abort", app, "staged", ct);
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:abort", "g-abort", app)).EnsureSuccess("graduate:abort");

        var job = await driver.WaitForJobAsync(driver.Staging, "g-abort", "push-portal", ct);
        Assert.Equal("failed", Json.Text(job, "state"));
        Assert.NotEqual("0", Json.Text(job, "exitCode"));
        Assert.Equal("aborted", await driver.GateStateAsync("g-abort", app, ct));
        // The push was rejected, so the deploy branch still points at the old release.
        var git = Json.Parse((await Sim.RunDokkuAsync(driver.Production, ct, "git:report", app, "--format", "json")).EnsureSuccess("git:report").StandardOutput);
        Assert.Equal(v1, Json.Text(git, "sha"));
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));

        await GateDriver.WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Abort_StagedRelease_RunAndRestartUseTheOldReleaseAgain()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-abort-restart";
        var url = await driver.CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);
        await driver.ArmAsync("g-abort-restart", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-abort-restart", app, ct);
        await driver.WaitForGateAsync("g-abort-restart", app, "staged", ct);
        // While held, `dokku run` runs the staged release (what a POST hook migration wants).
        Assert.Equal("v2", await driver.RunVersionAsync(app, ct));

        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:abort", "g-abort-restart", app)).EnsureSuccess("graduate:abort");
        Assert.Equal("failed", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-abort-restart", "push-portal", ct), "state"));

        // The deploy had already made its build the app's latest image and set GIT_REV: both are the old release's again.
        Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        Assert.Equal(v1, await driver.GitRevAsync(app, ct));
        (await Sim.RunDokkuAsync(driver.Production, ct, "ps:restart", app)).EnsureSuccess("ps:restart");
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        // The restart retires the container it replaced a moment later (Dokku's wait-to-retire).
        await Poll.UntilTrueAsync("the replaced container to retire", _ => Task.FromResult((driver.RunningContainers(app).Count == 1, string.Join(", ", driver.RunningContainers(app)))), GateDriver.Deadline, ct);
        await GateDriver.WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Push_ArmedAppFailsItsHealthcheck_LatestImageAndRevisionStayTheOldRelease()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "checks-fail-armed";
        await driver.CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await driver.ArmAsync("g-checks-fail", GateDriver.HoldSeconds, [app], ct);

        var push = await Sim.PushAsync(driver.Production, "portal", "v3-unhealthy", app, force: true, ct);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Equal("armed", await driver.GateStateAsync("g-checks-fail", app, ct));
        Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        Assert.Equal(v1, await driver.GitRevAsync(app, ct));
        Assert.Single(driver.RunningContainers(app));
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:abort", "g-checks-fail", app)).EnsureSuccess("graduate:abort");
        Assert.Equal("aborted", await driver.GateStateAsync("g-checks-fail", app, ct));
    }

    [Fact]
    public async Task PsRestart_WhileReleaseHeld_RefusedAndTheHeldReleaseStillGoesLiveAlone()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-restart";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await driver.ArmAsync("g-restart", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-restart", app, ct);
        await driver.WaitForGateAsync("g-restart", app, "staged", ct);

        var restart = await Sim.RunDokkuAsync(driver.Production, ct, "ps:restart", app);

        Assert.NotEqual(0, restart.ExitCode);
        Assert.Contains("only the graduation's git push may deploy it now", restart.StandardError, StringComparison.Ordinal);
        Assert.Equal("staged", await driver.GateStateAsync("g-restart", app, ct));
        Assert.Equal(2, driver.RunningContainers(app).Count);
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-restart", app)).EnsureSuccess("graduate:go");
        Assert.Equal("succeeded", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-restart", "push-portal", ct), "state"));
        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
        await Poll.UntilTrueAsync("the old container to retire", _ => Task.FromResult((driver.RunningContainers(app).Count == 1, string.Join(", ", driver.RunningContainers(app)))), GateDriver.Deadline, ct);
    }

    [Fact]
    public async Task PsRestart_StartedWhileHeldReachesTheGateAfterAbort_RefusedAndTheOldReleaseKeepsServing()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-restart-late";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);
        await driver.ArmAsync("g-restart-late", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-restart-late", app, ct);
        await driver.WaitForGateAsync("g-restart-late", app, "staged", ct);

        // A restart started now runs dokku/<app>:latest, which is the held build; its container is slow (as a real
        // one is: Dokku's own checks run first) and reaches the gate only once the graduation has aborted it.
        Task<DokkuCommandResult> restarting;
        using (driver.HoldContainerStarts(app))
        {
            restarting = Sim.RunDokkuAsync(driver.Production, ct, "ps:restart", app);
            await Poll.UntilTrueAsync("the restart's container to start beside the live and the held one", _ => Task.FromResult((driver.RunningContainers(app).Count == 3, string.Join(", ", driver.RunningContainers(app)))), GateDriver.Deadline, ct);
            (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:abort", "g-restart-late", app)).EnsureSuccess("graduate:abort");
            Assert.Equal("failed", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-restart-late", "push-portal", ct), "state"));
        }

        var restart = await restarting;
        Assert.True(restart.ExitCode != 0, "ps:restart went through: " + restart.StandardOutput + restart.StandardError);
        Assert.Contains("Graduation g-restart-late refused the release this deploy of gate-restart-late runs", restart.StandardError, StringComparison.Ordinal);
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        // Run again, the restart deploys the old release (its image is dokku/<app>:latest again).
        (await Sim.RunDokkuAsync(driver.Production, ct, "ps:restart", app)).EnsureSuccess("ps:restart after the abort");
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        await Poll.UntilTrueAsync("the replaced container to retire", _ => Task.FromResult((driver.RunningContainers(app).Count == 1, string.Join(", ", driver.RunningContainers(app)))), GateDriver.Deadline, ct);
        await GateDriver.WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Push_WhileAnotherPushIsHeld_RefusedAtOnceByTheDeployLockThatAppsLockedReports()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-lock";
        await driver.CreateAppAtV1Async(app, ct);
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(driver.Production, ct, "apps:locked", app)).ExitCode);
        await driver.ArmAsync("g-lock", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-lock", app, ct);
        await driver.WaitForGateAsync("g-lock", app, "staged", ct);

        // As real Dokku: a git push takes the deploy lock "exclusive", so a second one is refused, not queued,
        // and the lock file a deploy holds is what apps:locked reports.
        Assert.Equal(0, (await Sim.RunDokkuAsync(driver.Production, ct, "apps:locked", app)).ExitCode);
        var second = await Sim.PushAsync(driver.Production, "portal", "v3-unhealthy", app, force: true, ct);

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains($"{app} currently has a deploy lock in place. Exiting...", second.StandardError, StringComparison.Ordinal);
        Assert.Equal("staged", await driver.GateStateAsync("g-lock", app, ct));
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-lock", app)).EnsureSuccess("graduate:go");
        Assert.Equal("succeeded", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-lock", "push-portal", ct), "state"));
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(driver.Production, ct, "apps:locked", app)).ExitCode);
    }

    [Fact]
    public async Task Push_AppLockedWithAppsLock_DeploysAndRemovesTheLockAsRealDokkuDoes()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "apps-lock";
        var url = await driver.CreateAppAtV1Async(app, ct);
        (await Sim.RunDokkuAsync(driver.Production, ct, "apps:lock", app)).EnsureSuccess("apps:lock");

        // Dokku v0.38.27's apps:lock only creates the deploy lock's file; a push flocks that file (nobody holds
        // it), deploys, and removes it. Graduate refuses locked apps in its preflight instead.
        (await Sim.PushAsync(driver.Production, "portal", "v2", app, force: false, ct)).EnsureSuccess("git push v2 to a locked app");

        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(driver.Production, ct, "apps:locked", app)).ExitCode);
    }

    [Fact]
    public async Task Abort_BeforeTheDeployArrives_LateDeployRefusedAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-abort-early";
        var url = await driver.CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        // A graduation aborted while its push was still on the way: the deploy reaches the gate afterwards.
        await driver.ArmAsync("g-abort-early", GateDriver.HoldSeconds, [app], ct);
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:abort", "g-abort-early", app)).EnsureSuccess("graduate:abort");
        await driver.StartPushAsync("g-abort-early", app, ct);

        var job = await driver.WaitForJobAsync(driver.Staging, "g-abort-early", "push-portal", ct);
        Assert.Equal("failed", Json.Text(job, "state"));
        Assert.Equal("aborted", await driver.GateStateAsync("g-abort-early", app, ct));
        var git = Json.Parse((await Sim.RunDokkuAsync(driver.Production, ct, "git:report", app, "--format", "json")).EnsureSuccess("git:report").StandardOutput);
        Assert.Equal(v1, Json.Text(git, "sha"));
        await GateDriver.WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Gate_NobodyOpensIt_TimesOutOnItsOwnAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-timeout";
        var url = await driver.CreateAppAtV1Async(app, ct);

        // Normally the push is staged within a second and the gate times out 3 s later; on a
        // starved machine the arming itself may expire first. Either way nobody opened the gate.
        await driver.ArmAsync("g-timeout", 3, [app], ct);
        await driver.StartPushAsync("g-timeout", app, ct);
        await driver.WaitForGateAsync("g-timeout", app, "timed-out", ct);

        var job = await driver.WaitForJobAsync(driver.Staging, "g-timeout", "push-portal", ct);
        Assert.Equal("failed", Json.Text(job, "state"));
        var log = await driver.JobLogAsync(driver.Staging, "g-timeout", "push-portal", ct);
        Assert.True(log.Contains("timed out after 3s", StringComparison.Ordinal) || log.Contains("expired before this deploy reached it", StringComparison.Ordinal), log);
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        // A late go is refused: the gate is closed for good.
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-timeout", app)).ExitCode);
    }

    [Fact]
    public async Task Push_AppFailsItsHealthcheck_PushRejectedAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "checks-fail";
        var url = await driver.CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        var push = await Sim.PushAsync(driver.Production, "portal", "v3-unhealthy", app, force: false, ct);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("pre-receive hook declined", push.StandardError, StringComparison.Ordinal);
        var git = Json.Parse((await Sim.RunDokkuAsync(driver.Production, ct, "git:report", app, "--format", "json")).EnsureSuccess("git:report").StandardOutput);
        Assert.Equal(v1, Json.Text(git, "sha"));
        var apps = Json.Parse((await Sim.RunDokkuAsync(driver.Production, ct, "apps:report", app, "--format", "json")).EnsureSuccess("apps:report").StandardOutput);
        Assert.Equal(v1, Json.Text(apps, "deploy-source-metadata"));
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        await probe.StopAsync(ct);
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }
}
