using System.Diagnostics;
using System.Globalization;
using Graduate.Temporal.Activities;
using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;
using Graduate.Temporal.Worker;
using Graduate.Testing;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Graduate.Bench;

/// <summary>
/// One run against one dev server it starts itself: the bare-RPC floor, our runtime's figures, then the official
/// Python SDK's figures on the same server (when python3 can make a venv). Prints a table and a final JSON line.
/// Asserts nothing.
/// </summary>
public static class BenchRunner
{
    private const int FloorCalls = 500;
    private const int EmptyRuns = 100;
    private const int EndToEndRuns = 50;
    private const int FanoutActivities = 1000;
    private const int ConcurrentWorkflows = 200;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine("[0.0 s] starting a Temporal dev server...");
        await using var server = await TemporalDevServer.StartAsync(ct: ct);
        using var client = await TemporalClient.ConnectAsync(
            new TemporalClientOptions { Connection = new GrpcConnectionOptions { Address = server.Address } }, ct);
        var queue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var workerOptions = new TemporalWorkerOptions
        {
            TaskQueue = queue,
            Workflows = [typeof(OneActivityWorkflow), typeof(FanoutWorkflow), typeof(EmptyWorkflow)],
            Activities = ActivityDefinition.FromInstance(new NoopActivities()),
            MaxConcurrentActivities = 200, // as peer.py's worker
        };
        if (options.Pollers is { } pollers)
        {
            workerOptions = workerOptions with { WorkflowPollers = pollers, ActivityPollers = pollers };
        }

        using var stopWorker = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var worker = new TemporalWorker(client, workerOptions).ExecuteAsync(stopWorker.Token);
        Console.WriteLine(
            $"dev server {server.Address}; our worker: {workerOptions.WorkflowPollers} workflow pollers, {workerOptions.ActivityPollers} activity pollers, " +
            $"{workerOptions.MaxConcurrentActivities} concurrent activities, no sticky cache (full replay per workflow task)");

        var ours = new BenchFigures();
        // Warm-up (JIT, connections): 3 one-activity workflows and 20 bare calls, not counted.
        for (var i = 0; i < 3; i++)
        {
            await RunOneAsync(client, queue, $"{queue}-warm-{i}", ct);
        }

        for (var i = 0; i < 20; i++)
        {
            await client.GetSystemInfoAsync(ct);
        }

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] floor: {FloorCalls} bare GetSystemInfo calls...");
        var floor = new List<double>(FloorCalls);
        for (var i = 0; i < FloorCalls; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await client.GetSystemInfoAsync(ct);
            floor.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        ours.Floor = Percentiles.Of(floor);

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] workflow-task round trip: {EmptyRuns} workflows that return at once, in a row...");
        var empty = new List<double>(EmptyRuns);
        var emptyHandles = new List<WorkflowHandle>(EmptyRuns);
        for (var i = 0; i < EmptyRuns; i++)
        {
            var t = Stopwatch.GetTimestamp();
            var handle = await client.StartWorkflowAsync("BenchEmpty", [i], new StartWorkflowOptions { Id = $"{queue}-empty-{i}", TaskQueue = queue }, ct);
            await handle.GetResultAsync<int>(ct);
            empty.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            emptyHandles.Add(handle);
        }

        ours.EmptyWorkflow = Percentiles.Of(empty);
        var histories = new List<History>(EmptyRuns);
        foreach (var handle in emptyHandles)
        {
            histories.Add(await handle.GetHistoryAsync(ct));
        }

        (ours.TaskRoundTrip, ours.TaskProcessing) = WorkflowTaskGaps(histories);

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] one-activity workflow: {EndToEndRuns} runs in a row...");
        var e2e = new List<double>(EndToEndRuns);
        for (var i = 0; i < EndToEndRuns; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await RunOneAsync(client, queue, $"{queue}-one-{i}", ct);
            e2e.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        ours.OneActivity = Percentiles.Of(e2e);

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] fan-out: {FanoutActivities} no-op activities in one workflow...");
        var start = Stopwatch.GetTimestamp();
        var fanout = await client.StartWorkflowAsync("BenchFanout", [FanoutActivities], new StartWorkflowOptions { Id = $"{queue}-fanout", TaskQueue = queue }, ct);
        var sum = await fanout.GetResultAsync<int>(ct);
        var fanoutSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (sum != FanoutActivities * (FanoutActivities - 1) / 2)
        {
            Console.WriteLine($"warning: fan-out returned {sum}, expected {FanoutActivities * (FanoutActivities - 1) / 2}");
        }

        ours.Fanout = new Throughput(FanoutActivities, Math.Round(fanoutSeconds, 3), Math.Round(FanoutActivities / fanoutSeconds, 1));
        var fanoutHistory = await fanout.GetHistoryAsync(ct);
        ours.FanoutWorkflowTasks = fanoutHistory.Events.Count(e => e.EventType == EventType.WorkflowTaskCompleted);
        ours.FanoutHistoryEvents = fanoutHistory.Events.Count;

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] concurrency: {ConcurrentWorkflows} one-activity workflows at once...");
        start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWorkflows).Select(i => RunOneAsync(client, queue, $"{queue}-par-{i}", ct)));
        var concurrentSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        ours.Concurrent = new Throughput(ConcurrentWorkflows, Math.Round(concurrentSeconds, 3), Math.Round(ConcurrentWorkflows / concurrentSeconds, 1));

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] stopping our worker...");
        await stopWorker.CancelAsync();
        await worker;

        Console.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] official peer: Temporal's Python SDK on the same server (peer.py bench)...");
        var peer = options.Peer ? await PeerBench.RunAsync(server.Address, ct) : PeerResult.Missing("skipped (--no-peer)");

        Report.Print(ours, peer, clock.Elapsed);
        return 0;
    }

    private static async Task RunOneAsync(TemporalClient client, string queue, string id, CancellationToken ct)
    {
        var handle = await client.StartWorkflowAsync("BenchOne", [], new StartWorkflowOptions { Id = id, TaskQueue = queue }, ct);
        await handle.GetResultAsync<int>(ct);
    }

    /// <summary>
    /// From server timestamps: WorkflowTaskScheduled to WorkflowTaskCompleted (dispatch to our poller, our full
    /// replay, our reply) and WorkflowTaskStarted to WorkflowTaskCompleted (the part spent in our worker and on the wire).
    /// </summary>
    private static (Percentiles RoundTrip, Percentiles Processing) WorkflowTaskGaps(IEnumerable<History> histories)
    {
        var roundTrips = new List<double>();
        var processing = new List<double>();
        foreach (var history in histories)
        {
            AddGaps(history, roundTrips, processing);
        }

        return (Percentiles.Of(roundTrips), Percentiles.Of(processing));
    }

    private static void AddGaps(History history, List<double> roundTrips, List<double> processing)
    {
        var byId = history.Events.ToDictionary(e => e.EventId);
        foreach (var completed in history.Events.Where(e => e.EventType == EventType.WorkflowTaskCompleted))
        {
            var attributes = completed.WorkflowTaskCompletedEventAttributes;
            var done = completed.EventTime.ToDateTime();
            roundTrips.Add((done - byId[attributes.ScheduledEventId].EventTime.ToDateTime()).TotalMilliseconds);
            processing.Add((done - byId[attributes.StartedEventId].EventTime.ToDateTime()).TotalMilliseconds);
        }
    }

    internal static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
