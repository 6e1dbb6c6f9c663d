using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Graduate.Cli;
using Graduate.Testing;

namespace Graduate.RealDokku.Tests;

/// <summary>
/// Test-side steps against the real Dokku: arm, push, wait for gate states and jobs, and the public URLs'
/// probes (every 50 ms through nginx). Waits have deadlines sized for real deploys on a busy 2-core machine.
/// </summary>
internal sealed class LabDriver(RealDokkuFixture fixture, ITestOutputHelper output)
{
    /// <summary>A real deploy takes 25-65 s on 2 idle cores; measured here at load 20-30: 15-16 min for two at once.</summary>
    public static readonly TimeSpan DeployDeadline = TimeSpan.FromMinutes(25);

    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Each look costs an ssh connection and a Dokku command: poll host state at this pace.</summary>
    public static readonly TimeSpan SshPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A graduation id of its own for each run: the lab outlives test runs, and arming an id whose gate is
    /// left from an earlier run only reports that gate (timed out long ago, so the push is not held).
    /// </summary>
    public static string NewGid(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..8]}";

    public RealDokkuLab Lab => fixture.Lab;

    public SimulatedDokku Sim => fixture.Sim;

    public SimulatedHost Staging => fixture.Staging;

    public void Log(string message) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {message}");

    /// <summary>Runs a dokku command on the lab and throws with its output when it fails.</summary>
    public async Task<string> DokkuAsync(CancellationToken ct, params string[] arguments) =>
        (await Lab.RunDokkuAsync(ct, arguments)).EnsureSuccess("dokku " + string.Join(' ', arguments)).StandardOutput;

    public async Task ArmAsync(string gid, IReadOnlyList<string> apps, CancellationToken ct, int timeoutSeconds = 1800) =>
        await DokkuAsync(ct, ["graduate:arm", gid, timeoutSeconds.ToString(CultureInfo.InvariantCulture), .. apps]);

    public async Task<string?> GateStateAsync(string gid, string app, CancellationToken ct) =>
        Json.Text(Json.Parse(await DokkuAsync(ct, "graduate:gates", gid)), app, "state");

    public Task WaitForGateAsync(string gid, string app, string state, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            $"gate {app} of {gid} to be {state}",
            async token =>
            {
                var current = await GateStateAsync(gid, app, token);
                if (current != state && current is "live" or "aborted" or "failed" or "timed-out")
                {
                    // A gate never leaves these: waiting longer cannot help.
                    throw new InvalidOperationException($"The gate of {app} in {gid} is {current}, so it will never be {state}.");
                }

                return (current == state, current ?? "no gate");
            },
            DeployDeadline,
            ct,
            SshPollInterval);

    /// <summary>Starts a developer's push of <paramref name="revision"/> from the test; the task ends with git's result.</summary>
    public Task<DokkuCommandResult> StartPushAsync(string app, string revision, CancellationToken ct) =>
        Lab.PushAsync(app, revision, force: true, ct);

    /// <summary>Starts, on simulated staging, the detached <c>graduate:push</c> of its v2 of <paramref name="app"/> to the lab.</summary>
    public async Task StartGraduatePushAsync(string gid, string app, CancellationToken ct)
    {
        var sha = await Lab.ShaAsync(app, "v2", ct);
        (await Sim.RunDokkuAsync(Staging, ct, "graduate:push", gid, app, sha, Lab.GitRemote(app), "--force")).EnsureSuccess("graduate:push on staging");
    }

    /// <summary>Waits until job <paramref name="job"/> of <paramref name="gid"/> on staging finished; returns its state.</summary>
    public async Task<string> WaitForStagingJobAsync(string gid, string job, CancellationToken ct)
    {
        var state = await Poll.UntilAsync<string>(
            $"job {job} of {gid} on staging to finish",
            async token =>
            {
                var jobs = Json.Parse((await Sim.RunDokkuAsync(Staging, token, "graduate:jobs", gid)).EnsureSuccess("graduate:jobs").StandardOutput);
                var current = Json.Text(jobs, job, "state");
                return (current is "succeeded" or "failed" ? current : null, current ?? "no job");
            },
            DeployDeadline,
            ct,
            SshPollInterval);
        if (state != "succeeded")
        {
            Log((await Sim.RunDokkuAsync(Staging, ct, "graduate:job-log", gid, job)).StandardOutput);
        }

        return state;
    }

    /// <summary>
    /// The example release <paramref name="app"/> serves (v1 or v2; the app is deployed first if it never
    /// was) and the other one, which a test can push without resetting anything first.
    /// </summary>
    public async Task<(string Old, string Next)> ReleasesAsync(string app, CancellationToken ct)
    {
        await Lab.EnsureDeployedAsync(ct);
        await Lab.DisarmAsync(app, ct);
        var old = await RealDokkuLab.ServedVersionAsync(app, ct) ?? throw new InvalidOperationException($"{app} does not answer through nginx.");
        return (old, old == "v1" ? "v2" : "v1");
    }

    public async Task<string> ConfigAsync(string app, string key, CancellationToken ct) =>
        (await DokkuAsync(ct, "config:get", app, key)).Trim();

    /// <summary>What <c>dokku run</c> runs: the VERSION of the app's image, read inside a one-off container.</summary>
    public async Task<string> RunVersionAsync(string app, CancellationToken ct) =>
        (await DokkuAsync(ct, "run", "--no-tty", app, "cat", "VERSION")).Trim();

    public static Task WaitForNoStagedContainerAsync(string app, CancellationToken ct) =>
        Poll.UntilTrueAsync(
            $"no staged container of {app} running",
            async token =>
            {
                var staged = await RealDokkuLab.StagedContainersAsync(app, token);
                return (staged.Count == 0, string.Join(", ", staged));
            },
            TimeSpan.FromMinutes(2),
            ct,
            SshPollInterval);

    /// <summary>Starts probing the example apps' public URLs through nginx.</summary>
    public static Dictionary<string, PublicUrlProbe> StartProbes(params string[] apps) =>
        apps.ToDictionary(app => app, app => PublicUrlProbe.Start(RealDokkuLab.PublicUrl(app), ProbeInterval), StringComparer.Ordinal);

    /// <summary>Waits until <paramref name="probe"/> saw <paramref name="version"/>; returns when it first did.</summary>
    public static async Task<DateTimeOffset> WaitForVersionAsync(PublicUrlProbe probe, string version, CancellationToken ct) =>
        (await Poll.UntilAsync<ProbeAnswer>(
            $"the public URL to serve {version}",
            _ => Task.FromResult((probe.Answers.FirstOrDefault(a => a.Version == version), probe.LatestVersion ?? "nothing")),
            DeployDeadline,
            ct)).At;

    /// <summary>Stops the probes and asserts none of their requests failed; logs the counts.</summary>
    public async Task StopProbesAsync(Dictionary<string, PublicUrlProbe> probes, CancellationToken ct)
    {
        foreach (var (app, probe) in probes)
        {
            await probe.StopAsync(ct);
            Log($"{app}: {probe.Answers.Count} requests through nginx, {probe.Failures} failed, versions seen {string.Join(" then ", probe.VersionsSeen)}");
            foreach (var (from, to, count, detail) in FailureWindows(probe.Answers))
            {
                Log($"{app}: {count} failed requests from {from:HH:mm:ss.fff} to {to:HH:mm:ss.fff}: {detail}");
            }

            Assert.True(probe.Failures == 0, $"{app}: {probe.Failures} failed requests: {string.Join("; ", probe.Answers.Where(a => a.Version is null).Take(5).Select(a => a.Detail))}");
            await probe.DisposeAsync();
        }
    }

    /// <summary>Runs of consecutive failed answers (when, how many, the first one's error), to match against a deploy's log.</summary>
    private static List<(DateTimeOffset From, DateTimeOffset To, int Count, string Detail)> FailureWindows(IReadOnlyList<ProbeAnswer> answers)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset, int, string)>();
        ProbeAnswer? first = null;
        ProbeAnswer? last = null;
        var count = 0;
        foreach (var answer in answers.Append(new ProbeAnswer(DateTimeOffset.MaxValue, "end", string.Empty)))
        {
            if (answer.Version is null)
            {
                first ??= answer;
                last = answer;
                count++;
            }
            else if (first is not null)
            {
                windows.Add((first.At, last!.At, count, first.Detail));
                first = null;
                count = 0;
            }
        }

        return windows;
    }

    /// <summary>
    /// How long after a release first answers the one before may still answer a new client: nginx's graceful reload
    /// (the switch of every Dokku deploy) starts new workers, which serve the new release, before it tells the old ones
    /// to stop accepting, so for that moment a new connection can still land on an old worker and the old release
    /// (still running until it retires). Seen once in CI's rehearsal (two of 141 answers, right after the first
    /// new one, in one unarmed deploy); every other switch in the lane was clean.
    /// </summary>
    public static readonly TimeSpan ReloadWindow = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Asserts the switch was clean: once <paramref name="version"/> answered (after <paramref name="after"/> did, if
    /// given), nothing else answered again once nginx's reload was over (<see cref="ReloadWindow"/>).
    /// </summary>
    public static void AssertNoFlipBack(PublicUrlProbe probe, string version, string? after = null)
    {
        var answers = probe.Answers.Where(a => a.Version is not null).ToList();
        // With after: the switch looked at is the first one to version once after answered (a rollback).
        var from = after is null ? 0 : Math.Max(0, answers.FindIndex(a => a.Version == after));
        var first = answers.FindIndex(from, a => a.Version == version);
        Assert.True(first >= 0, $"{version} never answered");
        var switchedAt = answers[first].At;
        var late = answers.Skip(first).Where(a => a.Version != version && a.At - switchedAt > ReloadWindow).ToList();
        Assert.True(
            late.Count == 0,
            late.Count == 0 ? null : $"{late.Count} answers from {late[0].Version} more than {ReloadWindow.TotalSeconds:0} s after {version} first answered, the first {(late[0].At - switchedAt).TotalSeconds:0.00} s after it");
    }

    /// <summary>
    /// Runs <c>graduate COMMAND-LINE</c> in this process as a user runs it: a graduate.yml of its own naming simulated
    /// staging and the lab as production, an ssh config that reaches both, and <paramref name="temporalAddress"/>
    /// (TEMPORAL_ADDRESS) for the commands that ask Temporal.
    /// </summary>
    public async Task<(int Code, string Out, string Error)> GraduateAsync(string commandLine, CancellationToken ct, string? temporalAddress = null)
    {
        var home = Directory.CreateTempSubdirectory("graduate-home-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(home, "graduate.yml"), $"""
                environments:
                  staging: {Sim.SshUser}@{Staging.Alias}
                  production: {Lab.EnvironmentUrl}
                """, ct);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GRADUATE_HOME"] = home,
                ["HOME"] = home,
                ["GRADUATE_SSH_CONFIG"] = await Lab.SshConfigWith(Sim, ct),
            };
            if (temporalAddress is not null)
            {
                environment["TEMPORAL_ADDRESS"] = temporalAddress;
            }

            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = await GraduateCli.InvokeAsync(commandLine, new CliContext(stdout, stderr, environment), ct);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="step"/> and logs how long it took.</summary>
    public async Task<T> TimedAsync<T>(string what, Func<Task<T>> step)
    {
        var watch = Stopwatch.StartNew();
        var result = await step();
        Log($"{what}: {watch.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    public async Task TimedAsync(string what, Func<Task> step) =>
        await TimedAsync(what, async () =>
        {
            await step();
            return true;
        });

    public static JsonElement Parse(string text) => Json.Parse(text);
}
