using System.Diagnostics;
using Graduate.Activities;
using Graduate.Testing;
using Graduate.Worker;
using Graduate.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Client;

namespace Graduate.Bench;

/// <summary>
/// The benchmark's only Temporal-specific code: a dev server, the product's worker host (src/Worker's
/// <c>AddGraduateWorker</c> with its defaults, in this process) and graduations started, awaited and read back from
/// their history as SDK-neutral <see cref="GraduationRun"/>s.
/// </summary>
internal sealed class TemporalGraduations : IAsyncDisposable
{
    private readonly TemporalDevServer server;
    private readonly ITemporalClient client;
    private readonly IHost worker;
    private readonly string taskQueue;

    private TemporalGraduations(TemporalDevServer server, ITemporalClient client, IHost worker, string taskQueue, string description)
    {
        this.server = server;
        this.client = client;
        this.worker = worker;
        this.taskQueue = taskQueue;
        Description = description;
    }

    /// <summary>One line: which SDK, server and worker settings the figures come from.</summary>
    public string Description { get; }

    public static async Task<TemporalGraduations> StartAsync(DokkuClientFactory clients, GraduateActivityOptions pacing, CancellationToken ct)
    {
        var server = await TemporalDevServer.StartAsync(ct: ct);
        var taskQueue = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new TemporalSettings { Profile = new(Address: server.Address), TaskQueue = taskQueue };
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(clients);
        builder.Services.AddSingleton(pacing);
        builder.Services.AddGraduateWorker(settings);
        var worker = builder.Build();
        await worker.StartAsync(ct);
        var client = await TemporalClient.ConnectAsync(settings.ToConnectOptions());
        var description =
            $"Temporal: official .NET SDK (Temporalio {typeof(TemporalClient).Assembly.GetName().Version?.ToString(3)}) against " +
            $"`temporal server start-dev` at {server.Address}; the product worker host (src/Worker) in this process, SDK worker defaults";
        return new TemporalGraduations(server, client, worker, taskQueue, description);
    }

    /// <summary>Starts a graduation, waits for its result and reads its history.</summary>
    public async Task<GraduationRun> GraduateAsync(GraduationInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var id = GraduationWorkflowIds.For(input.Destination.Name) + "-bench-" + Guid.NewGuid().ToString("N")[..8];
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var handle = await client.StartWorkflowAsync(
            GraduationWorkflowIds.WorkflowType, [input], new WorkflowOptions(id, taskQueue) { Rpc = new() { CancellationToken = ct } });
        var result = await handle.GetResultAsync<GraduationResult>(rpcOptions: new() { CancellationToken = ct })
            ?? throw new InvalidOperationException($"Graduation {id} returned no result.");
        var wall = clock.Elapsed;
        var history = await handle.FetchHistoryAsync(new() { Rpc = new() { CancellationToken = ct } });
        var events = history.Events.ToList();
        return new GraduationRun(
            id,
            result,
            startedAt,
            wall,
            events.Count > 0 ? events[0].EventTime.ToDateTimeOffset() : startedAt,
            events.Count > 0 ? events[^1].EventTime.ToDateTimeOffset() : startedAt + wall,
            Activities(events));
    }

    public async ValueTask DisposeAsync()
    {
        // The worker's graceful shutdown gives activities of a broken graduation its grace period, then cancels them.
        await worker.StopAsync(CancellationToken.None);
        worker.Dispose();
        await server.DisposeAsync();
    }

    /// <summary>Every activity the history scheduled, with its input (JSON) and when it was scheduled, started and closed.</summary>
    private static List<ActivitySpan> Activities(List<HistoryEvent> events)
    {
        var spans = new Dictionary<long, ActivitySpan>();
        var order = new List<long>();
        foreach (var e in events)
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
                    var started = e.ActivityTaskStartedEventAttributes;
                    Update(started.ScheduledEventId, s => s with { Started = at, Attempt = started.Attempt, LastFailure = started.LastFailure?.Message });
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
