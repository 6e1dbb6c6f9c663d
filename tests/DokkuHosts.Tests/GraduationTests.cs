using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>
/// Graduation mechanics around the gate: detached pushes, hooks that reach peer hosts, checks:run,
/// builds:cancel and the local:// entry point. Own hosts, so it runs beside <see cref="GateTests"/>.
/// </summary>
public sealed class GraduationTests(ExampleHostsFixture hosts) : IClassFixture<ExampleHostsFixture>
{
    private readonly GateDriver driver = new(hosts);

    private SimulatedDokku Sim => driver.Sim;

    [Fact]
    public async Task Push_SshSessionThatStartedItEnds_PushGoesOnToStagedAndLive()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-detached";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await driver.ArmAsync("g-detached", GateDriver.HoldSeconds, [app], ct);

        // The ssh session that starts the push ends (the client exits, the connection closes) at once...
        var start = await driver.StartPushAsync("g-detached", app, ct);
        Assert.Equal("true", Json.Text(start, "created"));
        Assert.Equal("running", Json.Text(start, "status", "state"));

        // ...while the push goes on, on the source host, to the gate and then live.
        await driver.WaitForGateAsync("g-detached", app, "staged", ct);
        var jobs = Json.Parse((await Sim.RunDokkuAsync(driver.Staging, ct, "graduate:jobs", "g-detached")).EnsureSuccess("graduate:jobs").StandardOutput);
        Assert.Equal("running", Json.Text(jobs, "push-portal", "state"));

        // Starting it again reports the same job instead of pushing twice.
        var again = await driver.StartPushAsync("g-detached", app, ct);
        Assert.Equal("false", Json.Text(again, "created"));

        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-detached", app)).EnsureSuccess("graduate:go");
        var job = await driver.WaitForJobAsync(driver.Staging, "g-detached", "push-portal", ct);
        Assert.Equal("succeeded", Json.Text(job, "state"));
        Assert.Equal("0", Json.Text(job, "exitCode"));
        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
    }

    [Fact]
    public async Task Go_GivenBeforeTheDeployArrives_DeployPassesStraightThrough()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-early-go";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await driver.ArmAsync("g-early", GateDriver.HoldSeconds, [app], ct);
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-early", app)).EnsureSuccess("graduate:go");

        await driver.StartPushAsync("g-early", app, ct);

        Assert.Equal("succeeded", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-early", "push-portal", ct), "state"));
        Assert.Equal("live", await driver.GateStateAsync("g-early", app, ct));
        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
    }

    [Fact]
    public async Task Push_ForceOlderSha_RollsBackAndDeploysIt()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "rollback";
        var url = await driver.CreateAppAtV1Async(app, ct);
        (await Sim.PushAsync(driver.Production, "portal", "v2", app, force: false, ct)).EnsureSuccess("git push v2");
        Assert.Equal("v2", await GateDriver.VersionAtAsync(url, ct));
        var v1 = await Sim.ShaAsync("portal", "v1", ct);

        var start = await Sim.RunDokkuAsync(driver.Staging, ct, "graduate:push", "g-rollback", "portal", v1, Sim.GitRemote(driver.Production, app), "--force", "--branch", "master");

        start.EnsureSuccess("graduate:push --force");
        var job = await driver.WaitForJobAsync(driver.Staging, "g-rollback", "push-portal", ct);
        Assert.True(Json.Text(job, "state") == "succeeded", await driver.JobLogAsync(driver.Staging, "g-rollback", "push-portal", ct));
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        var report = Json.Parse((await Sim.RunDokkuAsync(driver.Production, ct, "graduate:report")).EnsureSuccess("graduate:report").StandardOutput);
        Assert.Equal(v1, Json.Text(report, "apps", app, "deployedSha"));
    }

    [Fact]
    public async Task ChecksRun_ArmedAppLiveContainer_IsNotHeld()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-checks-run";
        await driver.CreateAppAtV1Async(app, ct);
        await driver.ArmAsync("g-checks-run", GateDriver.HoldSeconds, [app], ct);

        var run = await Sim.RunDokkuAsync(driver.Production, ct, "checks:run", app);

        run.EnsureSuccess("checks:run");
        Assert.Equal("armed", await driver.GateStateAsync("g-checks-run", app, ct));
        (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:disarm", "g-checks-run", app)).EnsureSuccess("graduate:disarm");
    }

    [Fact]
    public async Task BuildsCancel_StagedDeploy_GateFailedAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        const string app = "gate-cancel";
        var url = await driver.CreateAppAtV1Async(app, ct);
        await driver.ArmAsync("g-cancel", GateDriver.HoldSeconds, [app], ct);
        await driver.StartPushAsync("g-cancel", app, ct);
        await driver.WaitForGateAsync("g-cancel", app, "staged", ct);

        (await Sim.RunDokkuAsync(driver.Production, ct, "builds:cancel", app)).EnsureSuccess("builds:cancel");

        Assert.Equal("failed", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-cancel", "push-portal", ct), "state"));
        await driver.WaitForGateAsync("g-cancel", app, "failed", ct);
        Assert.Equal("v1", await GateDriver.VersionAtAsync(url, ct));
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(driver.Production, ct, "graduate:go", "g-cancel", app)).ExitCode);
        // As on real Dokku, the cancel does not reach check-deploy (its own process group): the gate notices
        // its deploy is gone, stops the staged process and puts the app's release back.
        await Poll.UntilTrueAsync("the staged process to stop", _ => Task.FromResult((driver.RunningContainers(app).Count == 1, string.Join(", ", driver.RunningContainers(app)))), GateDriver.Deadline, ct);
        Assert.Equal("v1", await driver.RunVersionAsync(app, ct));
        Assert.Equal(await Sim.ShaAsync("portal", "v1", ct), await driver.GitRevAsync(app, ct));
    }

    [Fact]
    public async Task LocalEntryPoint_SameCommandLineAsSsh_SameAnswer()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        var host = driver.Production;
        const string commandLine = "config:get portal DATABASE_URL";

        var overSsh = await Sim.RunDokkuAsync(host, ct, "config:get", "portal", "DATABASE_URL");
        var local = await RunLocalAsync(host, commandLine, ct);

        overSsh.EnsureSuccess("over ssh");
        Assert.Equal(overSsh.StandardOutput, local.EnsureSuccess("local").StandardOutput);
        var missing = await RunLocalAsync(host, "apps:exists nope", ct);
        Assert.Equal(20, missing.ExitCode);
    }

    [Fact]
    public async Task Graduation_ExampleWithMigrationHook_BothAppsGoLiveTogetherOnNewSchema()
    {
        using var cts = new CancellationTokenSource(GateDriver.TestDeadline);
        var ct = cts.Token;
        var production = driver.Production;
        string[] apps = ["portal", "webservices"];
        Assert.Equal("v1", await GateDriver.VersionAtAsync(production.PublicUrl("portal"), ct));

        await driver.ArmAsync("g-example", GateDriver.HoldSeconds, apps, ct);
        var commandLog = Path.Combine(production.Root, "run", "commands.log");
        var commandsBefore = File.ReadAllLines(commandLog).Length;
        foreach (var app in apps)
        {
            var sha = await Sim.ShaAsync(app, "v2", ct);
            (await Sim.RunDokkuAsync(driver.Staging, ct, "graduate:push", "g-example", app, sha, Sim.GitRemote(production, app))).EnsureSuccess("graduate:push");
        }

        foreach (var app in apps)
        {
            await driver.WaitForGateAsync("g-example", app, "staged", ct);
        }

        // The POST hook runs on the source host and migrates through the destination's staged release.
        // Two lines: the ssh inside must not swallow the rest of the script.
        var hook = $"ssh {production.Alias} run --no-tty portal ./migrate\necho \"hook done for $GRADUATION_ID\"\n";
        (await Sim.RunDokkuAsync(driver.Staging, ["graduate:hook", "g-example", "post-migrate"], hook, ct)).EnsureSuccess("graduate:hook");
        var hookJob = await driver.WaitForJobAsync(driver.Staging, "g-example", "post-migrate", ct);
        var hookLog = await driver.JobLogAsync(driver.Staging, "g-example", "post-migrate", ct);
        Assert.True(Json.Text(hookJob, "state") == "succeeded", hookLog);
        Assert.Contains("migrated schema 1 -> 2", hookLog, StringComparison.Ordinal);
        Assert.Contains("hook done for g-example", hookLog, StringComparison.Ordinal);
        Assert.Equal("v1", await GateDriver.VersionAtAsync(production.PublicUrl("portal"), ct));

        (await Sim.RunDokkuAsync(production, ct, ["graduate:go", "g-example", .. apps])).EnsureSuccess("graduate:go");
        foreach (var app in apps)
        {
            Assert.Equal("succeeded", Json.Text(await driver.WaitForJobAsync(driver.Staging, "g-example", "push-" + app, ct), "state"));
        }

        // Both push jobs rode one ssh connection from staging (its log names each session's client ip:port).
        var pushes = File.ReadAllLines(commandLog).Skip(commandsBefore).Select(l => l.Split(' ', 5)).Where(f => f.Length == 5 && f[3] == "git-receive-pack").ToList();
        Assert.Equal(2, pushes.Count);
        Assert.Single(pushes.Select(f => f[2]).Distinct(StringComparer.Ordinal));

        var answer = await GateDriver.AnswerAtAsync(production.PublicUrl("portal"), ct);
        Assert.Equal("v2", Json.Text(answer, "version"));
        Assert.Equal("2", Json.Text(answer, "schema"));
        Assert.Equal("v2", Json.Text(answer, "peer"));
        Assert.Equal("true", Json.Text(answer, "compatible"));
    }

    private static async Task<DokkuCommandResult> RunLocalAsync(SimulatedHost host, string commandLine, CancellationToken ct)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(host.DokkuSshPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.Environment["SSH_ORIGINAL_COMMAND"] = commandLine;
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new DokkuCommandResult(process.ExitCode, await stdout, await stderr);
    }
}
