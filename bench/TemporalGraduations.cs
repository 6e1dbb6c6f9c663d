using System.Diagnostics;
using Graduate.Activities;
using Graduate.Temporal.Client;
using Graduate.Temporal.Grpc;
using Graduate.Temporal.Worker;
using Graduate.Testing;
using Graduate.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Graduate.Bench;

/// <summary>
/// The benchmark's only Temporal-specific code: a dev server, an in-process worker with the real Graduation
/// workflow and activities (the product worker's defaults), and graduations started, awaited and read back from
/// their history as runtime-neutral <see cref="GraduationRun"/>s. Porting the benchmark to another Temporal SDK
/// means rewriting this file only.
/// </summary>
internal sealed class TemporalGraduations : IAsyncDisposable
{
    private readonly TemporalDevServer server;
    private readonly TemporalClient client;
    private readonly CancellationTokenSource stopWorker;
    private readonly Task worker;
    private readonly string taskQueue;

    private TemporalGraduations(TemporalDevServer server, TemporalClient client, CancellationTokenSource stopWorker, Task worker, string taskQueue, string description)
    {
        this.server = server;
        this.client = client;
        this.stopWorker = stopWorker;
        this.worker = worker;
        this.taskQueue = taskQueue;
        Description = description;
    }

    /// <summary>One line: which runtime, server and worker settings the figures come from.</summary>
    public string Description { get; }

    public static async Task<TemporalGraduations> StartAsync(DokkuClientFactory clients, GraduateActivityOptions pacing, CancellationToken ct)
    {
        var server = await TemporalDevServer.StartAsync(ct: ct);
        var client = await TemporalClient.ConnectAsync(new TemporalClientOptions { Connection = new GrpcConnectionOptions { Address = server.Address } }, ct);
        var taskQueue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        // The product worker's settings (src/Worker): defaults, only the task queue is ours.
        var options = new TemporalWorkerOptions
        {
            TaskQueue = taskQueue,
            Workflows = [typeof(GraduationWorkflow)],
            Activities = GraduateActivities.Definitions(clients, pacing),
        };
        var stopWorker = new CancellationTokenSource();
        var worker = new TemporalWorker(client, options).ExecuteAsync(stopWorker.Token);
        var description =
            $"Temporal: hand-written runtime (src/Temporal) against `temporal server start-dev` at {server.Address}; in-process worker with " +
            $"{options.WorkflowPollers} workflow and {options.ActivityPollers} activity pollers, {options.MaxConcurrentActivities} concurrent activities";
        return new TemporalGraduations(server, client, stopWorker, worker, taskQueue, description);
    }

    /// <summary>Starts a graduation, waits for its result and reads its history.</summary>
    public async Task<GraduationRun> GraduateAsync(GraduationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = GraduationWorkflowIds.For(input.Destination.Name) + "-bench-" + Guid.NewGuid().ToString("N")[..8];
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var handle = await client.StartWorkflowAsync(
            GraduationWorkflowIds.WorkflowType, [input], new StartWorkflowOptions { Id = id, TaskQueue = taskQueue }, ct);
        var result = await handle.GetResultAsync<GraduationResult>(ct)
            ?? throw new InvalidOperationException($"Graduation {id} returned no result.");
        var wall = clock.Elapsed;
        var history = await handle.GetHistoryAsync(ct);
        var events = history.Events;
        return new GraduationRun(
            id,
            result,
            startedAt,
            wall,
            events.Count > 0 ? events[0].EventTime.ToDateTimeOffset() : startedAt,
            events.Count > 0 ? events[^1].EventTime.ToDateTimeOffset() : startedAt + wall,
            Activities(history));
    }

    public async ValueTask DisposeAsync()
    {
        await stopWorker.CancelAsync();
        try
        {
            await worker;
        }
        catch (OperationCanceledException)
        {
        }
        catch (TimeoutException)
        {
            // Activities of a broken graduation were still running at the end of the grace period: nothing to keep.
        }

        stopWorker.Dispose();
        client.Dispose();
        await server.DisposeAsync();
    }

    /// <summary>Every activity the history scheduled, with its input (JSON) and when it was scheduled, started and closed.</summary>
    private static List<ActivitySpan> Activities(History history)
    {
        var spans = new Dictionary<long, ActivitySpan>();
        var order = new List<long>();
        foreach (var e in history.Events)
        {
            var at = e.EventTime.ToDateTimeOffset();
            switch (e.EventType)
            {
                case EventType.ActivityTaskScheduled:
                    var scheduled = e.ActivityTaskScheduledEventAttributes;
                    var input = scheduled.Input?.Payloads_.Count > 0 ? scheduled.Input.Payloads_[0].Data.ToStringUtf8() : "null";
                    spans[e.EventId] = new ActivitySpan(scheduled.ActivityType.Name, input, at, null, null, "running");
                    order.Add(e.EventId);
                    break;
                case EventType.ActivityTaskStarted:
                    Update(e.ActivityTaskStartedEventAttributes.ScheduledEventId, s => s with { Started = at });
                    break;
                case EventType.ActivityTaskCompleted:
                    Update(e.ActivityTaskCompletedEventAttributes.ScheduledEventId, s => s with { Closed = at, Outcome = "completed" });
                    break;
                case EventType.ActivityTaskFailed:
                    Update(e.ActivityTaskFailedEventAttributes.ScheduledEventId, s => s with { Closed = at, Outcome = "failed" });
                    break;
                case EventType.ActivityTaskTimedOut:
                    Update(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId, s => s with { Closed = at, Outcome = "timed out" });
                    break;
                case EventType.ActivityTaskCanceled:
                    Update(e.ActivityTaskCanceledEventAttributes.ScheduledEventId, s => s with { Closed = at, Outcome = "canceled" });
                    break;
            }
        }

        return [.. order.Select(id => spans[id])];

        void Update(long scheduledEventId, Func<ActivitySpan, ActivitySpan> change)
        {
            if (spans.TryGetValue(scheduledEventId, out var span))
            {
                spans[scheduledEventId] = change(span);
            }
        }
    }
}
