using System.Globalization;
using System.Text.Json;

namespace Graduate.Bench;

/// <summary>Prints the figures as a table (with ratios to the floor and to the official SDK) and one final JSON line.</summary>
public static class Report
{
    private static readonly string[] Header =
        ["figure (p50 / p99)", "ours", "ours / floor", "official, cache", "ours / official", "official, no cache", "ours / official"];

    public static void Print(BenchFigures ours, PeerResult peer, TimeSpan elapsed)
    {
        var floor = ours.Floor;
        var cache = peer.Cache;
        var noCache = peer.NoCache;
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        string R(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
        string Lat(Percentiles? p) => p is null ? "-" : $"{F(p.P50)} / {F(p.P99)} ms";
        string LatRatio(Percentiles p, Percentiles? other) => other is null ? "-" : $"{R(p.P50 / other.P50)} / {R(p.P99 / other.P99)}";
        string Rate(Throughput? t) => t is null ? "-" : $"{t.PerSecond.ToString("0.0", CultureInfo.InvariantCulture)} /s";
        double PerItemMs(Throughput t) => t.Seconds * 1000 / t.Count;

        var rows = new List<string[]>
        {
            Header,
            new[] { "bare GetSystemInfo (floor)", Lat(floor), "1.00x", Lat(cache?.Floor), LatRatio(floor, cache?.Floor), Lat(noCache?.Floor), LatRatio(floor, noCache?.Floor) },
            new[] { "empty workflow, start->result (client)", Lat(ours.EmptyWorkflow), LatRatio(ours.EmptyWorkflow, floor), "-", "-", "-", "-" },
            new[] { "  its workflow task, scheduled->completed", Lat(ours.TaskRoundTrip), LatRatio(ours.TaskRoundTrip, floor), "-", "-", "-", "-" },
            new[] { "  of which started->completed (server clock)", Lat(ours.TaskProcessing), LatRatio(ours.TaskProcessing, floor), "-", "-", "-", "-" },
            new[] { "one-activity workflow, start->result", Lat(ours.OneActivity), LatRatio(ours.OneActivity, floor), Lat(cache?.OneActivity), LatRatio(ours.OneActivity, cache?.OneActivity), Lat(noCache?.OneActivity), LatRatio(ours.OneActivity, noCache?.OneActivity) },
            new[] { $"{ours.Fanout.Count} activities in one workflow", Rate(ours.Fanout), $"{F(PerItemMs(ours.Fanout))} ms each = {R(PerItemMs(ours.Fanout) / floor.P50)}", Rate(cache?.Fanout), R(ours.Fanout.PerSecond / cache?.Fanout.PerSecond), Rate(noCache?.Fanout), R(ours.Fanout.PerSecond / noCache?.Fanout.PerSecond) },
            new[] { $"{ours.Concurrent.Count} concurrent one-activity workflows", Rate(ours.Concurrent), $"{F(PerItemMs(ours.Concurrent))} ms each = {R(PerItemMs(ours.Concurrent) / floor.P50)}", Rate(cache?.Concurrent), R(ours.Concurrent.PerSecond / cache?.Concurrent.PerSecond), Rate(noCache?.Concurrent), R(ours.Concurrent.PerSecond / noCache?.Concurrent.PerSecond) },
        };
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        Console.WriteLine();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            Console.WriteLine(string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (index == 0)
            {
                Console.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            }
        }

        Console.WriteLine();
        Console.WriteLine("Definitions:");
        Console.WriteLine($"- floor: {floor.Samples} sequential bare GetSystemInfo unary calls through our gRPC transport (official: peer.py's 300 through sdk-core).");
        Console.WriteLine($"- workflow-task round trip: {ours.EmptyWorkflow.Samples} workflows in a row whose run method returns at once, so each is exactly");
        Console.WriteLine("  one workflow task. Client view: StartWorkflowExecution sent -> result seen (long-poll on the close event).");
        Console.WriteLine("  Server view (its own event timestamps): WorkflowTaskScheduled -> WorkflowTaskCompleted = dispatch to our waiting");
        Console.WriteLine("  poller + our replay + our RespondWorkflowTaskCompleted; started->completed is the part after the task left the server.");
        Console.WriteLine("  (1 ms timers are no use here: the dev server fires them ~1 s late.) No official counterpart in peer.py.");
        Console.WriteLine("- one-activity workflow: client start to result (long-poll on the close event), runs in a row; ours after 3 warm-up runs.");
        Console.WriteLine($"- fan-out: one workflow schedules {ours.Fanout.Count} no-op activities at once and sums their results; start to result.");
        Console.WriteLine($"  Ours took {ours.FanoutWorkflowTasks} workflow tasks and {ours.FanoutHistoryEvents} history events. 'ms each' = seconds / activities.");
        Console.WriteLine("- ours / official: for latencies below 1 is better; for rates (/s) above 1 is better.");
        if (peer.Error is not null)
        {
            Console.WriteLine($"- official peer: {peer.Error}");
        }
        else
        {
            Console.WriteLine($"- official peer: {cache?.Sdk}, same dev server, run after ours.");
        }

        Console.WriteLine($"- whole bench: {elapsed.TotalSeconds:0.0} s.");
        Console.WriteLine();

        object? PeerJson(PeerFigures? p) => p is null ? null : new
        {
            sdk = p.Sdk,
            floorRpcMs = new { p50 = p.Floor.P50, p99 = p.Floor.P99 },
            oneActivityWorkflowMs = new { p50 = p.OneActivity.P50, p99 = p.OneActivity.P99 },
            fanout = new { activities = p.Fanout.Count, seconds = p.Fanout.Seconds, perSecond = p.Fanout.PerSecond },
            concurrentWorkflows = new { workflows = p.Concurrent.Count, seconds = p.Concurrent.Seconds, perSecond = p.Concurrent.PerSecond },
        };
        double? Round(double? v) => v is { } x && double.IsFinite(x) ? Math.Round(x, 3) : null;
        var json = new
        {
            runtime = "Graduate.Temporal",
            floorRpcMs = new { p50 = floor.P50, p99 = floor.P99, calls = floor.Samples },
            emptyWorkflowStartToResultMs = new { p50 = ours.EmptyWorkflow.P50, p99 = ours.EmptyWorkflow.P99, runs = ours.EmptyWorkflow.Samples },
            workflowTaskScheduledToCompletedMs = new { p50 = ours.TaskRoundTrip.P50, p99 = ours.TaskRoundTrip.P99, tasks = ours.TaskRoundTrip.Samples },
            workflowTaskStartedToCompletedMs = new { p50 = ours.TaskProcessing.P50, p99 = ours.TaskProcessing.P99 },
            oneActivityWorkflowMs = new { p50 = ours.OneActivity.P50, p99 = ours.OneActivity.P99, runs = ours.OneActivity.Samples },
            fanout = new { activities = ours.Fanout.Count, seconds = ours.Fanout.Seconds, perSecond = ours.Fanout.PerSecond, workflowTasks = ours.FanoutWorkflowTasks },
            concurrentWorkflows = new { workflows = ours.Concurrent.Count, seconds = ours.Concurrent.Seconds, perSecond = ours.Concurrent.PerSecond },
            oursOverFloor = new
            {
                emptyWorkflowP50 = Round(ours.EmptyWorkflow.P50 / floor.P50),
                emptyWorkflowP99 = Round(ours.EmptyWorkflow.P99 / floor.P99),
                workflowTaskP50 = Round(ours.TaskRoundTrip.P50 / floor.P50),
                workflowTaskP99 = Round(ours.TaskRoundTrip.P99 / floor.P99),
                oneActivityP50 = Round(ours.OneActivity.P50 / floor.P50),
                oneActivityP99 = Round(ours.OneActivity.P99 / floor.P99),
                fanoutMsPerActivity = Round(PerItemMs(ours.Fanout) / floor.P50),
                concurrentMsPerWorkflow = Round(PerItemMs(ours.Concurrent) / floor.P50),
            },
            official = new { cache = PeerJson(cache), noCache = PeerJson(noCache), error = peer.Error },
            oursOverOfficial = new
            {
                cache = cache is null ? null : new
                {
                    floorP50 = Round(floor.P50 / cache.Floor.P50),
                    oneActivityP50 = Round(ours.OneActivity.P50 / cache.OneActivity.P50),
                    oneActivityP99 = Round(ours.OneActivity.P99 / cache.OneActivity.P99),
                    fanoutPerSecond = Round(ours.Fanout.PerSecond / cache.Fanout.PerSecond),
                    concurrentPerSecond = Round(ours.Concurrent.PerSecond / cache.Concurrent.PerSecond),
                },
                noCache = noCache is null ? null : new
                {
                    floorP50 = Round(floor.P50 / noCache.Floor.P50),
                    oneActivityP50 = Round(ours.OneActivity.P50 / noCache.OneActivity.P50),
                    oneActivityP99 = Round(ours.OneActivity.P99 / noCache.OneActivity.P99),
                    fanoutPerSecond = Round(ours.Fanout.PerSecond / noCache.Fanout.PerSecond),
                    concurrentPerSecond = Round(ours.Concurrent.PerSecond / noCache.Concurrent.PerSecond),
                },
            },
            seconds = Math.Round(elapsed.TotalSeconds, 1),
        };
        Console.WriteLine(JsonSerializer.Serialize(json));
    }
}
