using System.Globalization;
using System.Text.Json;
using Graduate.Workflows;

namespace Graduate.Bench;

/// <summary>Prints the figures: one column per graduation, the ratios, the largest one's timeline and commands, and a closing JSON line.</summary>
internal static class Report
{
    private const int LabelWidth = 52;
    private const int ColumnWidth = 12;

    public static string Seconds(TimeSpan? value) =>
        value is { } v ? v.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s" : "-";

    public static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static void Print(string title, IReadOnlyList<RunFigures> runs, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(output);
        void Row(string label, Func<RunFigures, string> cell) =>
            output.WriteLine(label.PadRight(LabelWidth) + string.Concat(runs.Select(r => cell(r).PadLeft(ColumnWidth))));
        void Time(string label, Func<RunFigures, TimeSpan?> value) => Row(label, r => Seconds(value(r)));

        Row("apps graduated", r => r.Apps.ToString(CultureInfo.InvariantCulture));
        Row("outcome", r => r.Outcome);
        Time("wall time (start request -> result)", r => r.Wall);
        Time("slowest app's own deploy (deploy log, without gate)", r => r.SlowestOwnDeploy);
        Time("overhead = wall - slowest own deploy", r => r.Overhead);
        Time("  start request -> Preflight scheduled", r => r.StartUntilPreflight);
        Time("  preflight (activity, scheduled -> closed)", r => r.Preflight);
        Time("  arming", r => r.Arming);
        Time("  staging: first push -> last app seen staged", r => r.Staging);
        Time("    held at gate -> seen staged (slowest app)", r => r.HeldUntilSeen);
        Time("  last app seen staged -> first gate opened", r => r.StagedUntilGo);
        Time("  go-live (activity)", r => r.GoLive);
        Time("    first gate opened -> last deploy ended", r => r.GoUntilAllDeployed);
        Time("    last deploy ended -> go-live closed", r => r.DeployedUntilSeen);
        Time("  tag", r => r.Tag);
        Time("  disarm", r => r.Disarm);
        Time("  history closed -> client has the result", r => r.ClosedUntilResult);
        Time("go-live skew: public URLs (first -> last new)", r => r.SkewByUrl);
        Time("go-live skew: proxy switches (deploy log)", r => r.SkewBySwitch);
        Row("failed requests / requests", r => $"{r.FailedRequests.Count.ToString(CultureInfo.InvariantCulture)}/{r.Requests.ToString(CultureInfo.InvariantCulture)}");
        Row("ssh commands from Graduate: source", r => r.SourceCommands.ToString(CultureInfo.InvariantCulture));
        Row("ssh commands from Graduate: destination", r => r.DestinationCommands.ToString(CultureInfo.InvariantCulture));
        Row("pushes source -> destination", r => r.HostToHost.ToString(CultureInfo.InvariantCulture));
        Row("  over ssh connections", r => r.HostToHostConnections.ToString(CultureInfo.InvariantCulture));

        var ratios = Ratios(runs);
        foreach (var (name, value) in ratios)
        {
            output.WriteLine($"wall time ratio {name}: {value.ToString("0.00", CultureInfo.InvariantCulture)}x");
        }

        if (runs.Count > 0)
        {
            var largest = runs.MaxBy(r => r.Apps)!;
            output.WriteLine();
            output.WriteLine($"timeline of the {largest.Apps}-app graduation (seconds from the start request):");
            PrintTimeline(largest, output);
            output.WriteLine($"commands from Graduate by name ({largest.Apps} apps): " +
                string.Join(", ", largest.CommandsByName.Select(p => $"{p.Key} {p.Value.ToString(CultureInfo.InvariantCulture)}")));
        }

        foreach (var run in runs.Where(r => r.Outcome != GraduationOutcome.Completed || r.FailedRequests.Count > 0))
        {
            output.WriteLine($"{run.Apps} apps: {run.Outcome}; {string.Join(" / ", run.Errors)}; failed requests: {string.Join(" | ", run.FailedRequests.Take(5))}");
        }

        output.WriteLine(JsonSerializer.Serialize(new
        {
            title,
            runs = runs.Select(r => new
            {
                apps = r.Apps,
                outcome = r.Outcome,
                wall = r.Wall.TotalSeconds,
                slowestOwnDeploy = r.SlowestOwnDeploy?.TotalSeconds,
                overhead = r.Overhead?.TotalSeconds,
                preflight = r.Preflight?.TotalSeconds,
                arming = r.Arming?.TotalSeconds,
                staging = r.Staging?.TotalSeconds,
                goLive = r.GoLive?.TotalSeconds,
                tag = r.Tag?.TotalSeconds,
                disarm = r.Disarm?.TotalSeconds,
                skewByUrl = r.SkewByUrl?.TotalSeconds,
                skewBySwitch = r.SkewBySwitch?.TotalSeconds,
                failedRequests = r.FailedRequests.Count,
                sourceCommands = r.SourceCommands,
                destinationCommands = r.DestinationCommands,
            }),
            ratios = ratios.ToDictionary(p => p.Name, p => p.Value),
        }));
    }

    private static List<(string Name, double Value)> Ratios(IReadOnlyList<RunFigures> runs)
    {
        var ratios = new List<(string, double)>();
        var largest = runs.Count > 0 ? runs.MaxBy(r => r.Apps) : null;
        foreach (var smaller in runs.Where(r => largest is not null && r.Apps < largest.Apps))
        {
            ratios.Add(($"{largest!.Apps.ToString(CultureInfo.InvariantCulture)}/{smaller.Apps.ToString(CultureInfo.InvariantCulture)} apps", largest.Wall / smaller.Wall));
        }

        return ratios;
    }

    private static void PrintTimeline(RunFigures figures, TextWriter output)
    {
        var run = figures.Run;
        string At(DateTimeOffset? at) => at is { } a ? (a - run.StartedAt).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(7) : "      -";
        foreach (var group in run.Activities.GroupBy(a => a.Name))
        {
            var spans = group.ToList();
            var closed = spans.All(s => s.Closed is not null) ? spans.Max(s => s.Closed) : null;
            var queued = spans.Max(s => s.Queued);
            var retried = spans.Where(s => s.Attempt > 1).ToList();
            output.WriteLine(
                $"  {group.Key,-16} x{spans.Count.ToString(CultureInfo.InvariantCulture),-3} scheduled {At(spans.Min(s => s.Scheduled))}  closed {At(closed)}" +
                $"  (longest queued {Seconds(queued)})" +
                (retried.Count == 0 ? "" : $"  {retried.Count.ToString(CultureInfo.InvariantCulture)} retried, up to attempt {retried.Max(s => s.Attempt).ToString(CultureInfo.InvariantCulture)}: {retried.Select(s => s.LastFailure).FirstOrDefault(f => f is not null)}"));
        }

        foreach (var deploy in figures.Deploys)
        {
            output.WriteLine(
                $"  deploy {deploy.App,-12} received {At(deploy.Received)}  at gate {At(deploy.GateEntered)}  released {At(deploy.GateLeft)}" +
                $"  switched {At(deploy.Switched)}  ended {At(deploy.Ended)}  own {Seconds(deploy.OwnTime)}");
        }

        output.WriteLine($"  result {At(run.FinishedAt)}");
    }
}
