using System.Text.Json;
using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>
/// The graduate plugin's gate, driven over real SSH against simulated hosts: a release pushed from
/// staging to production is held "staged" (built, running, checked, no public traffic) until go,
/// abort or its own timeout. Each test uses its own app on production.
/// </summary>
public sealed class GateTests(ExampleHostsFixture hosts) : IClassFixture<ExampleHostsFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private SimulatedDokku Sim => hosts.Sim;

    [Fact]
    public async Task Go_StagedRelease_OldServesUntilGoThenNewWithoutFailedRequests()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "gate-go";
        var url = await CreateAppAtV1Async(app, ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        await ArmAsync("g-go", 60, app, ct);
        await StartPushAsync("g-go", app, ct);
        await WaitForGateAsync("g-go", app, "staged", ct);

        // Held: the new release runs and passed its checks, but the public URL is still the old one.
        await WaitForProbeAnswersAsync(probe, 5, ct);
        Assert.Equal("v1", await VersionAtAsync(url, ct));
        Assert.DoesNotContain("v2", probe.VersionsSeen);

        (await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:go", "g-go", app)).EnsureSuccess("graduate:go");
        var job = await WaitForJobAsync(hosts.Staging, "g-go", "push-portal", ct);
        Assert.Equal("succeeded", Json.Text(job, "state"));
        Assert.Equal("v2", await VersionAtAsync(url, ct));
        await WaitForGateAsync("g-go", app, "live", ct);

        await probe.StopAsync();
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1", "v2"], probe.VersionsSeen);
        var answers = probe.Answers.Where(a => a.Version is not null).Select(a => a.Version).ToList();
        var firstNew = answers.IndexOf("v2");
        Assert.All(answers.Skip(firstNew), v => Assert.Equal("v2", v));
    }

    [Fact]
    public async Task Abort_StagedRelease_OldKeepsServingAndAbortedReleaseNeverAnswers()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "gate-abort";
        var url = await CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        await ArmAsync("g-abort", 60, app, ct);
        await StartPushAsync("g-abort", app, ct);
        await WaitForGateAsync("g-abort", app, "staged", ct);
        (await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:abort", "g-abort", app)).EnsureSuccess("graduate:abort");

        var job = await WaitForJobAsync(hosts.Staging, "g-abort", "push-portal", ct);
        Assert.Equal("failed", Json.Text(job, "state"));
        Assert.NotEqual("0", Json.Text(job, "exitCode"));
        Assert.Equal("aborted", await GateStateAsync("g-abort", app, ct));
        // The push was rejected, so the deploy branch still points at the old release.
        var git = Json.Parse((await Sim.RunDokkuAsync(hosts.Production, ct, "git:report", app, "--format", "json")).EnsureSuccess("git:report").StandardOutput);
        Assert.Equal(v1, Json.Text(git, "sha"));
        Assert.Equal("v1", await VersionAtAsync(url, ct));

        await WaitForProbeAnswersAsync(probe, probe.Answers.Count + 5, ct);
        await probe.StopAsync();
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Gate_NobodyOpensIt_TimesOutOnItsOwnAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "gate-timeout";
        var url = await CreateAppAtV1Async(app, ct);

        await ArmAsync("g-timeout", 3, app, ct);
        await StartPushAsync("g-timeout", app, ct);
        await WaitForGateAsync("g-timeout", app, "staged", ct);
        await WaitForGateAsync("g-timeout", app, "timed-out", ct);

        var job = await WaitForJobAsync(hosts.Staging, "g-timeout", "push-portal", ct);
        Assert.Equal("failed", Json.Text(job, "state"));
        var log = (await Sim.RunDokkuAsync(hosts.Staging, ct, "graduate:job-log", "g-timeout", "push-portal")).EnsureSuccess("job-log").StandardOutput;
        Assert.Contains("timed out", log, StringComparison.Ordinal);
        Assert.Equal("v1", await VersionAtAsync(url, ct));
        // A late go is refused: the gate is closed for good.
        Assert.NotEqual(0, (await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:go", "g-timeout", app)).ExitCode);
    }

    [Fact]
    public async Task Push_SshSessionThatStartedItEnds_PushGoesOnToStagedAndLive()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "gate-detached";
        var url = await CreateAppAtV1Async(app, ct);
        await ArmAsync("g-detached", 60, app, ct);

        // The ssh session that starts the push returns (and its connection closes) at once...
        var start = await StartPushAsync("g-detached", app, ct);
        Assert.True(Json.Text(start, "created") == "true", start.GetRawText());
        Assert.Equal("running", Json.Text(start, "status", "state"));

        // ...while the push goes on, on the source host, to the gate and then live.
        await WaitForGateAsync("g-detached", app, "staged", ct);
        var jobs = Json.Parse((await Sim.RunDokkuAsync(hosts.Staging, ct, "graduate:jobs", "g-detached")).EnsureSuccess("graduate:jobs").StandardOutput);
        Assert.Equal("running", Json.Text(jobs, "push-portal", "state"));

        // Starting it again reports the same job instead of pushing twice.
        var again = await StartPushAsync("g-detached", app, ct);
        Assert.Equal("false", Json.Text(again, "created"));

        (await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:go", "g-detached", app)).EnsureSuccess("graduate:go");
        var job = await WaitForJobAsync(hosts.Staging, "g-detached", "push-portal", ct);
        Assert.Equal("succeeded", Json.Text(job, "state"));
        Assert.Equal("0", Json.Text(job, "exitCode"));
        Assert.Equal("v2", await VersionAtAsync(url, ct));
    }

    [Fact]
    public async Task ChecksRun_ArmedAppLiveContainer_IsNotHeld()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "gate-checks-run";
        await CreateAppAtV1Async(app, ct);
        await ArmAsync("g-checks-run", 60, app, ct);

        var run = await Sim.RunDokkuAsync(hosts.Production, ct, "checks:run", app);

        run.EnsureSuccess("checks:run");
        Assert.Equal("armed", await GateStateAsync("g-checks-run", app, ct));
        (await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:disarm", "g-checks-run", app)).EnsureSuccess("graduate:disarm");
    }

    [Fact]
    public async Task Push_AppFailsItsHealthcheck_PushRejectedAndOldKeepsServing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        const string app = "checks-fail";
        var url = await CreateAppAtV1Async(app, ct);
        var v1 = await Sim.ShaAsync("portal", "v1", ct);
        await using var probe = PublicUrlProbe.Start(url, ProbeInterval);

        var push = await Sim.PushAsync(hosts.Production, "portal", "v3-unhealthy", app, force: false, ct);

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("pre-receive hook declined", push.StandardError, StringComparison.Ordinal);
        var git = Json.Parse((await Sim.RunDokkuAsync(hosts.Production, ct, "git:report", app, "--format", "json")).EnsureSuccess("git:report").StandardOutput);
        Assert.Equal(v1, Json.Text(git, "sha"));
        var apps = Json.Parse((await Sim.RunDokkuAsync(hosts.Production, ct, "apps:report", app, "--format", "json")).EnsureSuccess("apps:report").StandardOutput);
        Assert.Equal(v1, Json.Text(apps, "deploy-source-metadata"));
        Assert.Equal("v1", await VersionAtAsync(url, ct));
        await probe.StopAsync();
        Assert.Equal(0, probe.Failures);
        Assert.Equal(["v1"], probe.VersionsSeen);
    }

    [Fact]
    public async Task Graduation_ExampleWithMigrationHook_BothAppsGoLiveTogetherOnNewSchema()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        var production = hosts.Production;
        string[] apps = ["portal", "webservices"];
        Assert.Equal("v1", await VersionAtAsync(production.PublicUrl("portal"), ct));

        await ArmAsync("g-example", 60, apps, ct);
        foreach (var app in apps)
        {
            var sha = await Sim.ShaAsync(app, "v2", ct);
            (await Sim.RunDokkuAsync(hosts.Staging, ct, "graduate:push", "g-example", app, sha, Sim.GitRemote(production, app))).EnsureSuccess("graduate:push");
        }

        foreach (var app in apps)
        {
            await WaitForGateAsync("g-example", app, "staged", ct);
        }

        // The POST hook runs on the source host and migrates through the destination's staged release.
        var hook = $"ssh {production.Alias} run --no-tty portal ./migrate\n";
        (await Sim.RunDokkuAsync(hosts.Staging, ["graduate:hook", "g-example", "post-migrate"], hook, ct)).EnsureSuccess("graduate:hook");
        var hookJob = await WaitForJobAsync(hosts.Staging, "g-example", "post-migrate", ct);
        var hookLog = (await Sim.RunDokkuAsync(hosts.Staging, ct, "graduate:job-log", "g-example", "post-migrate")).StandardOutput;
        Assert.True(Json.Text(hookJob, "state") == "succeeded", hookLog);
        Assert.Contains("migrated schema 1 -> 2", hookLog, StringComparison.Ordinal);
        Assert.Equal("v1", await VersionAtAsync(production.PublicUrl("portal"), ct));

        (await Sim.RunDokkuAsync(production, ct, ["graduate:go", "g-example", .. apps])).EnsureSuccess("graduate:go");
        foreach (var app in apps)
        {
            Assert.Equal("succeeded", Json.Text(await WaitForJobAsync(hosts.Staging, "g-example", "push-" + app, ct), "state"));
        }

        var answer = await AnswerAtAsync(production.PublicUrl("portal"), ct);
        Assert.Equal("v2", Json.Text(answer, "version"));
        Assert.Equal("2", Json.Text(answer, "schema"));
        Assert.Equal("v2", Json.Text(answer, "peer"));
        Assert.Equal("true", Json.Text(answer, "compatible"));
    }

    private async Task<Uri> CreateAppAtV1Async(string app, CancellationToken ct)
    {
        var production = hosts.Production;
        (await Sim.RunDokkuAsync(production, ct, "apps:create", app)).EnsureSuccess("apps:create");
        var database = Path.Combine(production.Root, "var", "lib", "dokku", "data", "sim-db", app);
        (await Sim.RunDokkuAsync(production, ct, "config:set", "--no-restart", app, $"DATABASE_URL=file://{database}", $"PEER_URL={production.PublicUrl("webservices")}"))
            .EnsureSuccess("config:set");
        (await Sim.PushAsync(production, "portal", "v1", app, force: false, ct)).EnsureSuccess("git push v1");
        return production.PublicUrl(app);
    }

    private Task ArmAsync(string gid, int timeoutSeconds, string app, CancellationToken ct) => ArmAsync(gid, timeoutSeconds, [app], ct);

    private async Task ArmAsync(string gid, int timeoutSeconds, string[] apps, CancellationToken ct) =>
        (await Sim.RunDokkuAsync(hosts.Production, ct, ["graduate:arm", gid, timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. apps])).EnsureSuccess("graduate:arm");

    /// <summary>Starts, on staging, a detached push of portal v2 to <paramref name="app"/> on production.</summary>
    private async Task<JsonElement> StartPushAsync(string gid, string app, CancellationToken ct)
    {
        var sha = await Sim.ShaAsync("portal", "v2", ct);
        var result = await Sim.RunDokkuAsync(hosts.Staging, ct, "graduate:push", gid, "portal", sha, Sim.GitRemote(hosts.Production, app));
        return Json.Parse(result.EnsureSuccess("graduate:push").StandardOutput);
    }

    private async Task<string?> GateStateAsync(string gid, string app, CancellationToken ct)
    {
        var gates = await Sim.RunDokkuAsync(hosts.Production, ct, "graduate:gates", gid);
        return Json.Text(Json.Parse(gates.EnsureSuccess("graduate:gates").StandardOutput), app, "state");
    }

    private Task WaitForGateAsync(string gid, string app, string state, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            $"gate {app} of {gid} to be {state}",
            async token =>
            {
                var current = await GateStateAsync(gid, app, token);
                return (current == state, current ?? "no gate");
            },
            Deadline,
            ct);

    private async Task<JsonElement> WaitForJobAsync(SimulatedHost host, string gid, string job, CancellationToken ct)
    {
        var finished = await Poll.UntilAsync<string>(
            $"job {job} of {gid} to finish",
            async token =>
            {
                var jobs = Json.Parse((await Sim.RunDokkuAsync(host, token, "graduate:jobs", gid)).EnsureSuccess("graduate:jobs").StandardOutput);
                var state = Json.Text(jobs, job, "state");
                return (state is "succeeded" or "failed" ? jobs.GetProperty(job).GetRawText() : null, state ?? "no job");
            },
            Deadline,
            ct);
        return Json.Parse(finished);
    }

    private static async Task WaitForProbeAnswersAsync(PublicUrlProbe probe, int count, CancellationToken ct) =>
        await Poll.UntilTrueAsync($"{count} probe answers", _ => Task.FromResult((probe.Answers.Count >= count, probe.Answers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))), Deadline, ct);

    private static async Task<JsonElement> AnswerAtAsync(Uri url, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return Json.Parse(await client.GetStringAsync(url, ct));
    }

    private static async Task<string?> VersionAtAsync(Uri url, CancellationToken ct) => Json.Text(await AnswerAtAsync(url, ct), "version");
}
