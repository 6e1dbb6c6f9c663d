using System.Globalization;
using System.Text.Json;
using Graduate.Testing;

namespace Graduate.DokkuHosts.Tests;

/// <summary>
/// Test-side steps of a graduation against the example hosts: apps on production at v1, gates
/// armed there, detached pushes of portal v2 started on staging, and waits with deadlines.
/// </summary>
internal sealed class GateDriver(ExampleHostsFixture hosts)
{
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    /// <summary>A whole test's limit: generous, since a busy machine makes every deploy and ssh login slow; it only bounds a failure.</summary>
    public static readonly TimeSpan TestDeadline = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The gate timeout of tests that do not test the timeout: longer than a whole test, so a gate never times out
    /// under a test on a busy machine (CI at load 33: a 60 s gate timed out while its push was still being checked).
    /// </summary>
    public const int HoldSeconds = 600;

    /// <summary>Each look costs an ssh connection; poll host state at this pace.</summary>
    public static readonly TimeSpan SshPollInterval = TimeSpan.FromMilliseconds(150);

    public SimulatedDokku Sim => hosts.Sim;

    public SimulatedHost Staging => hosts.Staging;

    public SimulatedHost Production => hosts.Production;

    /// <summary>Creates <paramref name="app"/> on production (own schema file) and deploys portal v1 to it.</summary>
    public async Task<Uri> CreateAppAtV1Async(string app, CancellationToken ct)
    {
        (await Sim.RunDokkuAsync(Production, ct, "apps:create", app)).EnsureSuccess("apps:create");
        var database = Path.Combine(Production.Root, "var", "lib", "dokku", "data", "sim-db", app);
        (await Sim.RunDokkuAsync(Production, ct, "config:set", "--no-restart", app, $"DATABASE_URL=file://{database}", $"PEER_URL={Production.PublicUrl("webservices")}"))
            .EnsureSuccess("config:set");
        (await Sim.PushAsync(Production, "portal", "v1", app, force: false, ct)).EnsureSuccess("git push v1");
        return Production.PublicUrl(app);
    }

    public async Task ArmAsync(string gid, int timeoutSeconds, IReadOnlyList<string> apps, CancellationToken ct) =>
        (await Sim.RunDokkuAsync(Production, ct, ["graduate:arm", gid, timeoutSeconds.ToString(CultureInfo.InvariantCulture), .. apps])).EnsureSuccess("graduate:arm");

    /// <summary>Starts, on staging, a detached push of portal v2 to <paramref name="app"/> on production; returns the plugin's JSON.</summary>
    public async Task<JsonElement> StartPushAsync(string gid, string app, CancellationToken ct)
    {
        var sha = await Sim.ShaAsync("portal", "v2", ct);
        var result = await Sim.RunDokkuAsync(Staging, ct, "graduate:push", gid, "portal", sha, Sim.GitRemote(Production, app));
        return Json.Parse(result.EnsureSuccess("graduate:push").StandardOutput);
    }

    public async Task<string?> GateStateAsync(string gid, string app, CancellationToken ct)
    {
        var gates = await Sim.RunDokkuAsync(Production, ct, "graduate:gates", gid);
        return Json.Text(Json.Parse(gates.EnsureSuccess("graduate:gates").StandardOutput), app, "state");
    }

    public Task WaitForGateAsync(string gid, string app, string state, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            $"gate {app} of {gid} to be {state}",
            async token =>
            {
                var current = await GateStateAsync(gid, app, token);
                return (current == state, current ?? "no gate");
            },
            Deadline,
            ct,
            SshPollInterval);

    /// <summary>Waits until job <paramref name="job"/> of <paramref name="gid"/> on <paramref name="host"/> finished; returns its jobs entry.</summary>
    public async Task<JsonElement> WaitForJobAsync(SimulatedHost host, string gid, string job, CancellationToken ct)
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
            ct,
            SshPollInterval);
        return Json.Parse(finished);
    }

    public async Task<string> JobLogAsync(SimulatedHost host, string gid, string job, CancellationToken ct) =>
        (await Sim.RunDokkuAsync(host, ct, "graduate:job-log", gid, job)).EnsureSuccess("graduate:job-log").StandardOutput;

    /// <summary>What <c>dokku run</c> (and a restart) would use on production: the VERSION of the app's latest release.</summary>
    public async Task<string> RunVersionAsync(string app, CancellationToken ct) =>
        (await Sim.RunDokkuAsync(Production, ct, "run", "--no-tty", app, "cat", "VERSION")).EnsureSuccess("dokku run").StandardOutput.Trim();

    public async Task<string> GitRevAsync(string app, CancellationToken ct) =>
        (await Sim.RunDokkuAsync(Production, ct, "config:get", app, "GIT_REV")).EnsureSuccess("config:get GIT_REV").StandardOutput.Trim();

    /// <summary>
    /// While the returned scope lives, every container the simulated production host starts for <paramref name="app"/>
    /// waits before its checks (the simulator's data/sim/&lt;app&gt;/start-hold), as a slow real container would.
    /// </summary>
    public IDisposable HoldContainerStarts(string app)
    {
        var hold = Path.Combine(SimData(app), "start-hold");
        File.WriteAllText(hold, "");
        return new FileRemover(hold);
    }

    /// <summary>The app's simulated containers whose process runs on production.</summary>
    public IReadOnlyList<string> RunningContainers(string app)
    {
        var containers = Path.Combine(SimData(app), "containers");
        return Directory.Exists(containers)
            ? [.. Directory.EnumerateDirectories(containers)
                .Where(d => File.Exists(Path.Combine(d, "pid")) && Directory.Exists("/proc/" + File.ReadAllText(Path.Combine(d, "pid")).Trim()))
                .Select(Path.GetFileName)
                .OfType<string>()]
            : [];
    }

    /// <summary>The simulator's own data about <paramref name="app"/> on production (data/sim/&lt;app&gt;).</summary>
    private string SimData(string app) => Path.Combine(Production.Root, "var", "lib", "dokku", "data", "sim", app);

    private sealed class FileRemover(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }

    public static Task WaitForProbeAnswersAsync(PublicUrlProbe probe, int count, CancellationToken ct) =>
        Poll.UntilTrueAsync($"{count} probe answers", _ => Task.FromResult((probe.Answers.Count >= count, probe.Answers.Count.ToString(CultureInfo.InvariantCulture))), Deadline, ct);

    public static async Task<JsonElement> AnswerAtAsync(Uri url, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return Json.Parse(await client.GetStringAsync(url, ct));
    }

    public static async Task<string?> VersionAtAsync(Uri url, CancellationToken ct) => Json.Text(await AnswerAtAsync(url, ct), "version");
}
