using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// The graduate plugin's gate on real Dokku, driven as the worker drives it (graduate:arm, pushes,
/// graduate:gates, go): releases held at check-deploy with the new container running and checked while
/// nginx serves the old one, then live together. Public URLs are polled every 50 ms through nginx.
/// </summary>
[Collection(RealDokkuCollection.Name)]
public sealed class GateTests(RealDokkuFixture fixture, ITestOutputHelper output)
{
    private readonly LabDriver driver = new(fixture, output);

    [Fact]
    public async Task Go_BothAppsPushedFromSimulatedStaging_HeldCheckedThenServedAfterGo()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 4);
        var ct = cts.Token;
        string[] apps = ["portal", "webservices"];
        await driver.TimedAsync("reset to v1", () => driver.Lab.ResetExampleAsync(ct));
        var probes = LabDriver.StartProbes(apps);
        var gid = LabDriver.NewGid("real-go");

        await driver.ArmAsync(gid, apps, ct);
        // The pushes run on the simulated staging host, to the real Dokku, as a graduation's do.
        foreach (var app in apps)
        {
            await driver.StartGraduatePushAsync(gid, app, ct);
        }

        await driver.TimedAsync("push to staged (both apps)", async () =>
        {
            foreach (var app in apps)
            {
                await driver.WaitForGateAsync(gid, app, "staged", ct);
            }
        });

        // Held: each new container runs and passed its healthchecks, nginx still sends everyone to the old one.
        foreach (var app in apps)
        {
            Assert.Single(await RealDokkuLab.StagedContainersAsync(app, ct));
            Assert.Contains(await RealDokkuLab.RunningContainersAsync(app, ct), c => c.StartsWith(app + ".web.1 ", StringComparison.Ordinal));
            Assert.Equal(["v1"], probes[app].VersionsSeen);
        }

        // The contract for POST hooks: `dokku run` while held runs the NEW (staged) image.
        Assert.Equal("v2", await driver.RunVersionAsync("portal", ct));
        Assert.Equal(["v1"], probes["portal"].VersionsSeen);

        var goAt = DateTimeOffset.UtcNow;
        await driver.DokkuAsync(ct, ["graduate:go", gid, .. apps]);
        var served = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var app in apps)
        {
            served[app] = await LabDriver.WaitForVersionAsync(probes[app], "v2", ct);
            driver.Log($"{app}: graduate:go -> v2 served through nginx in {(served[app] - goAt).TotalSeconds:0.00} s");
        }

        driver.Log($"go-live skew (first to last app serving v2): {(served.Values.Max() - served.Values.Min()).TotalSeconds:0.00} s");
        foreach (var app in apps)
        {
            Assert.Equal("succeeded", await driver.WaitForStagingJobAsync(gid, "push-" + app, ct));
            Assert.Equal("live", await driver.GateStateAsync(gid, app, ct));
            LabDriver.AssertNoFlipBack(probes[app], "v2");
        }

        await driver.StopProbesAsync(probes, ct);
    }

    [Fact]
    public async Task Deploy_NothingArmed_GoesStraightThroughAndChecksRunOnArmedAppIsNotHeld()
    {
        using var cts = new CancellationTokenSource(LabDriver.DeployDeadline * 3);
        var ct = cts.Token;
        var (_, next) = await driver.ReleasesAsync("webservices", ct);
        var probes = LabDriver.StartProbes("webservices");

        // An ordinary deploy while nothing is armed: the gate lets it through.
        var push = await driver.TimedAsync($"unarmed deploy of webservices {next}", () => driver.StartPushAsync("webservices", next, ct));
        push.EnsureSuccess($"git push {next}");
        Assert.DoesNotContain("staged", push.StandardError, StringComparison.Ordinal);
        await LabDriver.WaitForVersionAsync(probes["webservices"], next, ct);

        // checks:run runs check-deploy on the live container: never held, even while the app is armed.
        var gid = LabDriver.NewGid("real-checks-run");
        await driver.ArmAsync(gid, ["webservices"], ct);
        var checks = await driver.TimedAsync("checks:run on an armed app", () => driver.Lab.RunDokkuAsync(ct, "checks:run", "webservices"));
        checks.EnsureSuccess("checks:run");
        Assert.Equal("armed", await driver.GateStateAsync(gid, "webservices", ct));
        await driver.DokkuAsync(ct, "graduate:disarm", gid, "webservices");

        LabDriver.AssertNoFlipBack(probes["webservices"], next);
        await driver.StopProbesAsync(probes, ct);
    }
}
