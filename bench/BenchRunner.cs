using System.Diagnostics;
using System.Globalization;
using Graduate.Activities;
using Graduate.Dokku.Transport;
using Graduate.Testing;
using Graduate.Workflows;

namespace Graduate.Bench;

/// <summary>
/// One run: two simulated hosts (staging at v2, production at v1) seeded with generic copies of the example app, a
/// Temporal dev server and an in-process worker (<see cref="TemporalGraduations"/>), then one graduation per size of the
/// first apps (put back on v1 after each), with every app's public URL polled throughout; with <c>--ssh-sharing both</c>
/// every size once without and once with ssh connection sharing. Prints the figures; asserts nothing.
/// </summary>
internal static class BenchRunner
{
    private const string Source = "staging";
    private const string Destination = "production";
    private const string NewVersion = "v2";
    private const int RoundTrips = 20;
    private static readonly TimeSpan SlowProbe = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        void Say(string what) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s] {what}");

        // One set of apps for every graduation (each puts its apps back on v1 for the next), so every graduation meets
        // hosts with the same apps: preflight's work grows with the apps on the hosts, not only with those graduated.
        var all = AppNames("app", options.Sizes.Max());
        var plan = options.Sizes.Select(size => (Size: size, Apps: all[..size])).ToList();
        var warmup = options.Warmup ? all[..1] : [];
        var graduations = options.SshSharing.Count * plan.Count + warmup.Count;

        Say($"machine: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores, load average {LoadAverage()} (shared: compare figures within one run)");
        Say($"starting simulated hosts {Source} and {Destination}...");
        await using var sim = await SimulatedDokku.StartAsync([Source, Destination], ct);
        Say($"seeding {all.Count} generic apps (example app, no peer, no database): {Source} at v2, {Destination} at v1" +
            (options.CheckDelay > TimeSpan.Zero ? $"; every deploy's healthcheck waits {options.CheckDelay.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s first (initialDelay)..." : "..."));
        await sim.SeedGenericAppsAsync(Source, Destination, all, ct, options.CheckDelay);
        (await sim.RunDokkuAsync(sim[Source], ct, "graduate:state-init")).EnsureSuccess("graduate:state-init");
        var (direct, shared) = await SshRoundTrips.MedianAsync(sim, sim[Destination], RoundTrips, ct);
        Say($"one ssh command (dokku version, median of {RoundTrips.ToString(CultureInfo.InvariantCulture)}): {Report.Milliseconds(direct)} on its own connection, {Report.Milliseconds(shared)} over a shared one");
        var environments = (From: new EnvironmentRef(Source, $"{sim.SshUser}@{sim[Source].Alias}"), To: new EnvironmentRef(Destination, $"{sim.SshUser}@{sim[Destination].Alias}"));
        var pacing = options.PollInterval is { } poll ? new GraduateActivityOptions { PollInterval = poll } : new GraduateActivityOptions();

        var passes = new List<(string Title, List<RunFigures> Runs)>();
        var broken = new List<string>();
        foreach (var sharing in options.SshSharing)
        {
            var title = "ssh connection sharing " + (sharing ? "on" : "off");
            await using var connections = sharing ? new SshConnectionSharing() : null;
            var transport = new TransportOptions { ExtraSshArguments = ["-F", sim.ClientSshConfigPath], ConnectionSharing = connections };
            Say($"{title}: starting a Temporal dev server and the worker...");
            await using var temporal = await TemporalGraduations.StartAsync(new DokkuClientFactory(transport), pacing, ct);
            Console.WriteLine(temporal.Description);
            Console.WriteLine(
                $"{title}; activities poll every {pacing.PollInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms; " +
                $"POST hook: {options.PostHook ?? "none"}; public URLs polled every {SlowProbe.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms, " +
                $"every {options.ProbeInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms once all apps are held at their gates");

            // A graduation that breaks (rather than fails) is reported and the run goes on with the next one.
            async Task<RunFigures?> GraduateColdAsync(List<string> apps)
            {
                // Every graduation starts without a shared connection, as one after a quiet spell would.
                if (connections is not null)
                {
                    await connections.CloseAllAsync(ct);
                }

                RunFigures? figures = null;
                try
                {
                    figures = await GraduateAsync(sim, temporal, environments, apps, options, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    broken.Add($"{title}, {apps.Count.ToString(CultureInfo.InvariantCulture)} apps: {e.GetType().Name}: {e.Message}");
                    Say($"{title}: the {apps.Count.ToString(CultureInfo.InvariantCulture)}-app graduation broke: {e.GetType().Name}: {e.Message}");
                }

                if (--graduations > 0)
                {
                    try
                    {
                        await Task.WhenAll(apps.Select(app => sim.DeployAsync(sim[Destination], app, "v1", ct)));
                    }
                    catch (InvalidOperationException e)
                    {
                        Say($"putting {string.Join(", ", apps)} back on v1 failed: {e.Message}");
                    }
                }

                return figures;
            }

            // Once per run: what it warms up (JIT, the hosts' file caches) serves every pass.
            if (warmup.Count > 0 && passes.Count == 0)
            {
                Say($"{title}: warm-up graduation (1 app, not counted)...");
                var warm = await GraduateColdAsync(warmup);
                Say($"warm-up: {warm?.Outcome ?? "broke"} in {Report.Seconds(warm?.Wall)}");
            }

            var runs = new List<RunFigures>();
            foreach (var (size, apps) in plan)
            {
                Say($"{title}: graduating {size} app{(size == 1 ? "" : "s")}...");
                if (await GraduateColdAsync(apps) is { } run)
                {
                    Say($"{size} app{(size == 1 ? "" : "s")}: {run.Outcome} in {Report.Seconds(run.Wall)}");
                    runs.Add(run);
                }
            }

            passes.Add((title, runs));
        }

        Say($"load average {LoadAverage()}");
        foreach (var (title, runs) in passes)
        {
            Console.WriteLine();
            Console.WriteLine(title + ":");
            Report.Print(title, runs, Console.Out);
        }

        foreach (var problem in broken)
        {
            Console.WriteLine("broke: " + problem);
        }

        return broken.Count == 0 && passes.SelectMany(p => p.Runs).All(f => f.Outcome == GraduationOutcome.Completed && f.FailedRequests.Count == 0) ? 0 : 1;
    }

    private static async Task<RunFigures> GraduateAsync(
        SimulatedDokku sim,
        TemporalGraduations temporal,
        (EnvironmentRef From, EnvironmentRef To) environments,
        List<string> apps,
        BenchOptions options,
        CancellationToken ct)
    {
        var destination = sim[Destination];
        var deployLog = Path.Combine(destination.Root, "run", "deploy.log");
        var sourceCommandLog = Path.Combine(sim[Source].Root, "run", "commands.log");
        var destinationCommandLog = Path.Combine(destination.Root, "run", "commands.log");
        var (deployFrom, sourceFrom, destinationFrom) = (DeployLog.Length(deployLog), CommandLog.Length(sourceCommandLog), CommandLog.Length(destinationCommandLog));

        await using var probes = GoLiveProbes.Start(apps.ToDictionary(a => a, destination.PublicUrl, StringComparer.Ordinal), NewVersion, SlowProbe);
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watching = AccelerateWhenAllHeldAsync(deployLog, deployFrom, apps, probes, options.ProbeInterval, stopWatching.Token);
        var input = new GraduationInput(environments.From, environments.To, apps, PostHooks: options.PostHook is { } hook ? [hook] : null);
        var run = await temporal.GraduateAsync(input, ct);
        await stopWatching.CancelAsync();
        await watching;
        if (run.Result.Outcome == GraduationOutcome.Completed)
        {
            // Every app is live by now; give the probes a moment to see the last of them.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (probes.FirstNew.Count < apps.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(SlowProbe, ct);
            }
        }

        return RunFigures.From(
            run,
            apps,
            DeployLog.Deploys(DeployLog.Read(deployLog, deployFrom)),
            probes,
            CommandLog.Read(sourceCommandLog, sourceFrom),
            CommandLog.Read(destinationCommandLog, destinationFrom));
    }

    /// <summary>Switches the probes to their fast interval once every app is held at its gate: go-live is near.</summary>
    private static async Task AccelerateWhenAllHeldAsync(string deployLog, long from, IReadOnlyList<string> apps, GoLiveProbes probes, TimeSpan fast, CancellationToken ct)
    {
        try
        {
            while (!DeployLog.AtGate(DeployLog.Read(deployLog, from)).IsSupersetOf(apps))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
            }

            probes.Accelerate(fast);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>The 1, 5 and 15 minute load averages, so a reader can tell a quiet run from a noisy one.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static List<string> AppNames(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => $"{prefix}-app{i.ToString("00", CultureInfo.InvariantCulture)}")];
}
