using Graduate.Workflows;

namespace Graduate.Bench;

/// <summary>
/// The figures of one graduation: wall time against the slowest app's own deploy, what each phase cost, how far apart
/// the apps went live, and how many commands reached the hosts. Null where the run did not get that far.
/// </summary>
internal sealed record RunFigures
{
    public required int Apps { get; init; }

    public required string Outcome { get; init; }

    public required IReadOnlyList<string> Errors { get; init; }

    public required TimeSpan Wall { get; init; }

    public string? SlowestApp { get; init; }

    /// <summary>The slowest app's deploy without its time in the gate (destination's deploy log).</summary>
    public TimeSpan? SlowestOwnDeploy { get; init; }

    public TimeSpan? Overhead => Wall - SlowestOwnDeploy;

    public TimeSpan? Preflight { get; init; }

    public TimeSpan? Arming { get; init; }

    /// <summary>First push scheduled until the last app was seen staged.</summary>
    public TimeSpan? Staging { get; init; }

    /// <summary>The longest an app was held at its gate before the workflow saw it staged.</summary>
    public TimeSpan? HeldUntilSeen { get; init; }

    /// <summary>The last app seen staged until the first gate opened.</summary>
    public TimeSpan? StagedUntilGo { get; init; }

    public TimeSpan? GoLive { get; init; }

    /// <summary>The first gate opened until the last app's deploy ended.</summary>
    public TimeSpan? GoUntilAllDeployed { get; init; }

    /// <summary>The last deploy's end until the go-live activity closed.</summary>
    public TimeSpan? DeployedUntilSeen { get; init; }

    public TimeSpan? Tag { get; init; }

    public TimeSpan? Disarm { get; init; }

    /// <summary>From the start request until the first activity was scheduled.</summary>
    public TimeSpan? StartUntilPreflight { get; init; }

    /// <summary>From the history's last event until the client had the result.</summary>
    public TimeSpan? ClosedUntilResult { get; init; }

    /// <summary>First to last app answering with the new release on its public URL.</summary>
    public TimeSpan? SkewByUrl { get; init; }

    /// <summary>First to last proxy switch (destination's deploy log).</summary>
    public TimeSpan? SkewBySwitch { get; init; }

    public int Requests { get; init; }

    public IReadOnlyList<string> FailedRequests { get; init; } = [];

    /// <summary>Commands Graduate's worker sent to the source host.</summary>
    public int SourceCommands { get; init; }

    /// <summary>Commands Graduate's worker sent to the destination host.</summary>
    public int DestinationCommands { get; init; }

    /// <summary>Pushes from host to host (git-receive-pack with a host's key).</summary>
    public int HostToHost { get; init; }

    /// <summary>The ssh connections those pushes came over (one when the source's push jobs share one).</summary>
    public int HostToHostConnections { get; init; }

    /// <summary>Graduate's commands by name, both hosts, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CommandsByName { get; init; } = [];

    /// <summary>Each app's own deploy time.</summary>
    public IReadOnlyList<AppDeploy> Deploys { get; init; } = [];

    public required GraduationRun Run { get; init; }

    /// <summary>The key the test client (and so Graduate's worker here) logs in with on every simulated host.</summary>
    public const string WorkerKey = "admin";

    public static RunFigures From(
        GraduationRun run,
        IReadOnlyList<string> apps,
        IReadOnlyDictionary<string, AppDeploy> deploys,
        GoLiveProbes probes,
        IReadOnlyList<(string Key, string Connection, string Command)> sourceCommands,
        IReadOnlyList<(string Key, string Connection, string Command)> destinationCommands)
    {
        ArgumentNullException.ThrowIfNull(run);
        var ours = deploys.Where(d => apps.Contains(d.Key, StringComparer.Ordinal)).Select(d => d.Value).ToList();
        var slowest = ours.Where(d => d.OwnTime is not null).MaxBy(d => d.OwnTime);
        var pushes = run.Named(ActivityNames.PushApp);
        var checks = run.Named(ActivityNames.CheckInstall);
        var lastStaged = checks.Count == apps.Count && checks.All(c => c.Closed is not null) ? checks.Max(c => c.Closed) : null;
        var firstGo = ours.Count == apps.Count && ours.All(d => d.GateLeft is not null) ? ours.Min(d => d.GateLeft) : null;
        var lastEnd = ours.Count == apps.Count && ours.All(d => d.Ended is not null) ? ours.Max(d => d.Ended) : null;
        var goLive = run.First(ActivityNames.GoLive);
        var graduateCommands = sourceCommands.Concat(destinationCommands).Where(c => c.Key == WorkerKey).ToList();
        var hostPushes = destinationCommands.Where(c => c.Key != WorkerKey && c.Command == "git-receive-pack").ToList();
        return new RunFigures
        {
            Run = run,
            Apps = apps.Count,
            Outcome = run.Result.Outcome,
            Errors = run.Result.Errors,
            Wall = run.Wall,
            SlowestApp = slowest?.App,
            SlowestOwnDeploy = slowest?.OwnTime,
            Preflight = run.First(ActivityNames.Preflight)?.Duration,
            Arming = run.First(ActivityNames.ArmGates)?.Duration,
            Staging = pushes.Count > 0 ? lastStaged - pushes.Min(p => p.Scheduled) : null,
            HeldUntilSeen = checks.Select(c => c.App is { } app && deploys.TryGetValue(app, out var d) && d.GateEntered is { } entered ? c.Closed - entered : null).Max(),
            StagedUntilGo = firstGo - lastStaged,
            GoLive = goLive?.Duration,
            GoUntilAllDeployed = lastEnd - firstGo,
            DeployedUntilSeen = goLive?.Closed - lastEnd,
            Tag = run.First(ActivityNames.TagEnvironment)?.Duration,
            Disarm = run.First(ActivityNames.Disarm)?.Duration,
            StartUntilPreflight = run.Activities.Count > 0 ? run.Activities[0].Scheduled - run.StartedAt : null,
            ClosedUntilResult = run.FinishedAt - run.HistoryClosed,
            SkewByUrl = probes.FirstNew.Count == apps.Count && apps.Count > 1 ? probes.FirstNew.Values.Max() - probes.FirstNew.Values.Min() : null,
            SkewBySwitch = ours.Count == apps.Count && apps.Count > 1 && ours.All(d => d.Switched is not null) ? ours.Max(d => d.Switched) - ours.Min(d => d.Switched) : null,
            Requests = probes.Requests,
            FailedRequests = probes.Failures,
            SourceCommands = sourceCommands.Count(c => c.Key == WorkerKey),
            DestinationCommands = destinationCommands.Count(c => c.Key == WorkerKey),
            HostToHost = hostPushes.Count,
            HostToHostConnections = hostPushes.Select(c => c.Connection).Distinct(StringComparer.Ordinal).Count(),
            CommandsByName = [.. graduateCommands.GroupBy(c => c.Command).Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)],
            Deploys = [.. ours.OrderBy(d => d.App, StringComparer.Ordinal)],
        };
    }
}
