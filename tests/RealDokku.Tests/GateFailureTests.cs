using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// Every way a held or armed release can be refused on real Dokku leaves the app exactly as it was
/// before the graduation: the old release keeps serving (0 failed requests), no staged container keeps
/// running, and dokku/&lt;app&gt;:latest and GIT_REV are the old release's again, so that a later
/// `ps:restart`, `ps:restore` or `dokku run` never brings the refused release back. Each test pushes the
/// example release the app does not serve (v1 or v2), so no test needs a redeploy to start.
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class GateFailureTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task Abort_StagedRelease_PushRejectedAndRestartStillServesTheOldRelease()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        const string app = "portal";
        var gid = LabDriver.NewGid("real-abort");
        var (old, next) = await driver.ReleasesAsync(app, ct);
        var before = await AppStateAsync(app, ct);
        var probes = LabDriver.StartProbes(app);

        await driver.ArmAsync(gid, [app], ct);
        var push = driver.StartPushAsync(app, next, ct);
        await driver.TimedAsync("push to staged", () => driver.WaitForGateAsync(gid, app, "staged", ct));
        await driver.DokkuAsync(ct, "graduate:abort", gid, app);

        var rejected = await push;
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains("pre-receive hook declined", rejected.StandardError, StringComparison.Ordinal);
        Assert.Equal("aborted", await driver.GateStateAsync(gid, app, ct));
        await LabDriver.WaitForNoStagedContainerAsync(app, ct);
        Assert.Equal(before, await AppStateAsync(app, ct));
        Assert.Equal(old, await driver.RunVersionAsync(app, ct));

        // What a reboot (ps:restore) or an operator (ps:restart) does later: the old release, not the refused one.
        await driver.TimedAsync("ps:restart after the abort", () => driver.DokkuAsync(ct, "ps:restart", app));
        Assert.Equal(old, await RealDokkuLab.ServedVersionAsync(app, ct));
        Assert.Equal([old], probes[app].VersionsSeen);
        await driver.StopProbesAsync(probes, ct);
    }

    [Fact]
    public async Task Push_ArmedAppFailsItsHealthcheck_RejectedNothingStagedAndAppUnchanged()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 3);
        var ct = cts.Token;
        const string app = "webservices";
        var gid = LabDriver.NewGid("real-unhealthy");
        var (old, _) = await driver.ReleasesAsync(app, ct);
        var before = await AppStateAsync(app, ct);
        var probes = LabDriver.StartProbes(app);
        await driver.ArmAsync(gid, [app], ct);

        var push = await driver.TimedAsync("push of a release failing its healthcheck", () => driver.StartPushAsync(app, "v3-unhealthy", ct));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("pre-receive hook declined", push.StandardError, StringComparison.Ordinal);
        // The checks failed before the gate: it was never reached, and the graduation tears it down.
        Assert.Equal("armed", await driver.GateStateAsync(gid, app, ct));
        await driver.DokkuAsync(ct, "graduate:abort", gid, app);
        Assert.Equal("aborted", await driver.GateStateAsync(gid, app, ct));
        await LabDriver.WaitForNoStagedContainerAsync(app, ct);
        Assert.Equal(before, await AppStateAsync(app, ct));
        Assert.Equal([old], probes[app].VersionsSeen);
        await driver.StopProbesAsync(probes, ct);
    }

    [Fact]
    public async Task BuildsCancel_HeldDeploy_GateFailedContainerStoppedAndGoRefused()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 3);
        var ct = cts.Token;
        const string app = "webservices";
        var gid = LabDriver.NewGid("real-cancel");
        var (old, next) = await driver.ReleasesAsync(app, ct);
        var before = await AppStateAsync(app, ct);
        var probes = LabDriver.StartProbes(app);
        await driver.ArmAsync(gid, [app], ct);
        var push = driver.StartPushAsync(app, next, ct);
        await driver.TimedAsync("push to staged", () => driver.WaitForGateAsync(gid, app, "staged", ct));

        await driver.DokkuAsync(ct, "builds:cancel", app);

        await driver.TimedAsync("builds:cancel to gate failed", () => Poll.UntilTrueAsync(
            "the gate of the cancelled deploy to fail",
            async token =>
            {
                var state = await driver.GateStateAsync(gid, app, token);
                return (state == "failed", state ?? "no gate");
            },
            TimeSpan.FromMinutes(3),
            ct,
            LabDriver.SshPollInterval));
        Assert.NotEqual(0, (await push).ExitCode);
        await LabDriver.WaitForNoStagedContainerAsync(app, ct);
        var go = await driver.Lab.RunDokkuAsync(ct, "graduate:go", gid, app);
        Assert.NotEqual(0, go.ExitCode);
        Assert.Equal("failed", await driver.GateStateAsync(gid, app, ct));
        Assert.Equal(before, await AppStateAsync(app, ct));
        Assert.Equal([old], probes[app].VersionsSeen);
        await driver.StopProbesAsync(probes, ct);
    }

    [Fact]
    public async Task PsRestart_WhileReleaseHeld_RefusedWithoutASecondStagedContainer()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        const string app = "portal";
        var gid = LabDriver.NewGid("real-restart");
        var (_, next) = await driver.ReleasesAsync(app, ct);
        var probes = LabDriver.StartProbes(app);
        await driver.ArmAsync(gid, [app], ct);
        var push = driver.StartPushAsync(app, next, ct);
        await driver.TimedAsync("push to staged", () => driver.WaitForGateAsync(gid, app, "staged", ct));

        // Dokku's deploy lock does not cover ps:restart: its new container reaches the gate while the push is
        // held, and is refused there. (Its container is counted as staged while Dokku checks it: wait for the end.)
        var restart = await driver.TimedAsync("ps:restart while held", () => driver.Lab.RunDokkuAsync(ct, "ps:restart", app));

        Assert.NotEqual(0, restart.ExitCode);
        Assert.Contains("only the graduation's git push may deploy it now", restart.StandardOutput + restart.StandardError, StringComparison.Ordinal);
        Assert.Equal("staged", await driver.GateStateAsync(gid, app, ct));
        await Poll.UntilTrueAsync(
            "the refused restart's container to be removed",
            async token =>
            {
                var staged = await RealDokkuLab.StagedContainersAsync(app, token);
                return (staged.Count == 1, string.Join(", ", staged));
            },
            TimeSpan.FromMinutes(3),
            ct,
            LabDriver.SshPollInterval);

        // The held release still goes live alone, and leaves no container behind.
        await driver.DokkuAsync(ct, "graduate:go", gid, app);
        (await push).EnsureSuccess("the held push after go");
        await LabDriver.WaitForVersionAsync(probes[app], next, ct);
        Assert.Equal("live", await driver.GateStateAsync(gid, app, ct));
        Assert.Empty(await RealDokkuLab.StagedContainersAsync(app, ct));
        LabDriver.AssertNoFlipBack(probes[app], next);
        await driver.StopProbesAsync(probes, ct);
    }

    [Fact]
    public async Task PsRestart_StartedWhileHeldReachesTheGateAfterAbort_RefusedAndTheOldReleaseKeepsServing()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        const string app = "portal";
        var gid = LabDriver.NewGid("real-restart-late");
        var (old, next) = await driver.ReleasesAsync(app, ct);
        var before = await AppStateAsync(app, ct);
        var probes = LabDriver.StartProbes(app);
        await driver.ArmAsync(gid, [app], ct);
        var push = driver.StartPushAsync(app, next, ct);
        await driver.TimedAsync("push to staged", () => driver.WaitForGateAsync(gid, app, "staged", ct));

        // The restart runs dokku/<app>:latest, the held build. A test plugin holds its new container's check-deploy
        // before the graduate gate (plugins run in name order) until the graduation has aborted: on a busy host Dokku's
        // own checks of the container take that long; here the test makes sure the restart reaches the gate late.
        using var late = LabTestPlugin.Install("graduate-test-hold-check-deploy", $"check-deploy of {app} waits while a test holds it", "check-deploy", marker => $$"""
            #!/usr/bin/env bash
            [[ "$1" == "{{app}}" && -d "{{marker}}/hold" ]] || exit 0
            mkdir -p "{{marker}}/waiting"
            for ((i = 0; i < 3000; i++)); do [[ -d "{{marker}}/hold" ]] || exit 0; sleep 0.1; done
            exit 0

            """);
        Directory.CreateDirectory(Path.Combine(late.Marker, "hold"));
        var restarting = driver.Lab.RunDokkuAsync(ct, "ps:restart", app);
        await driver.TimedAsync("the restart's container to be checked (held before the gate)", () => Poll.UntilTrueAsync(
            "the restart's check-deploy to wait in the test plugin",
            _ => Task.FromResult((Directory.Exists(Path.Combine(late.Marker, "waiting")) || restarting.IsCompleted, "not yet")),
            LabDriver.DeployDeadline,
            ct,
            TimeSpan.FromMilliseconds(200)));
        if (restarting.IsCompleted)
        {
            Assert.Fail("the restart ended before its check-deploy: " + (await restarting).StandardError);
        }

        await driver.DokkuAsync(ct, "graduate:abort", gid, app);
        // The abort is done (the refusal recorded, the gate closed): only now the restart goes on to the gate.
        Directory.Delete(Path.Combine(late.Marker, "hold"));

        var restart = await driver.TimedAsync("the restart to end", () => restarting);
        var said = restart.StandardOutput + restart.StandardError;
        driver.Log("the restart said: " + said.Trim());
        Assert.NotEqual(0, (await driver.TimedAsync("the aborted push to end", () => push)).ExitCode);
        Assert.NotEqual(0, restart.ExitCode);
        Assert.Contains($"Graduation {gid} refused the release this deploy of {app} runs", said, StringComparison.Ordinal);
        await LabDriver.WaitForNoStagedContainerAsync(app, ct);
        Assert.Equal(before, await AppStateAsync(app, ct));
        Assert.Equal(old, await RealDokkuLab.ServedVersionAsync(app, ct));

        // Run again, the restart deploys the old release.
        await driver.TimedAsync("ps:restart after the abort", () => driver.DokkuAsync(ct, "ps:restart", app));
        Assert.Equal(old, await RealDokkuLab.ServedVersionAsync(app, ct));
        Assert.Equal([old], probes[app].VersionsSeen);
        await driver.StopProbesAsync(probes, ct);
    }

    /// <summary>What a restart or `dokku run` would use: the image behind dokku/&lt;app&gt;:latest and GIT_REV.</summary>
    private async Task<(string Image, string Release, string GitRev)> AppStateAsync(string app, CancellationToken ct) =>
        (await RealDokkuLab.ImageIdAsync(app, ct), await RealDokkuLab.ImageRevisionAsync(app, ct) ?? "none", await driver.ConfigAsync(app, "GIT_REV", ct));
}
