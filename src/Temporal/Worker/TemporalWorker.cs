using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Graduate.Temporal.Activities;
using Graduate.Temporal.Client;
using Graduate.Temporal.Converters;
using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Grpc;
using Graduate.Temporal.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Worker;

/// <summary>
/// Polls one task queue and runs its workflow tasks (by replaying the full history into the workflow code)
/// and activity tasks. <see cref="ExecuteAsync"/> runs until its token fires, then shuts down gracefully:
/// polling stops, running activities get <see cref="TemporalWorkerOptions.GracefulShutdownTimeout"/> to finish,
/// then their tokens fire.
/// </summary>
public sealed class TemporalWorker
{
    private readonly TemporalClient client;
    private readonly TemporalWorkerOptions options;
    private readonly Dictionary<string, WorkflowDefinition> workflows;
    private readonly Dictionary<string, ActivityDefinition> activities;
    private readonly ConcurrentDictionary<ActivityExecutionContext, Task> running = new();
    private readonly ILogger logger;

    public TemporalWorker(TemporalClient client, TemporalWorkerOptions options)
    {
        this.client = client;
        this.options = options;
        logger = options.Logger;
        workflows = options.Workflows.Select(WorkflowDefinition.Create).ToDictionary(d => d.Name);
        activities = options.Activities.ToDictionary(a => a.Name);
        if (workflows.Count == 0 && activities.Count == 0)
        {
            throw new ArgumentException("a worker needs at least one workflow or activity", nameof(options));
        }
    }

    private WorkflowService Service => client.Service;

    private string Namespace => client.Namespace;

    private string Identity => client.Options.Identity;

    /// <summary>Polls and runs tasks until <paramref name="stoppingToken"/> fires, then shuts down gracefully.</summary>
    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.MaxConcurrentActivities);
        var pollers = new List<Task>();
        if (workflows.Count > 0)
        {
            pollers.AddRange(Enumerable.Range(0, options.WorkflowPollers).Select(_ => Task.Run(() => PollWorkflowTasksAsync(stoppingToken), CancellationToken.None)));
        }

        if (activities.Count > 0)
        {
            pollers.AddRange(Enumerable.Range(0, options.ActivityPollers).Select(_ => Task.Run(() => PollActivityTasksAsync(slots, stoppingToken), CancellationToken.None)));
        }

        logger.LogInformation("worker polling task queue {TaskQueue} in namespace {Namespace}", options.TaskQueue, Namespace);
        await Task.WhenAll(pollers).ConfigureAwait(false);
        await DrainActivitiesAsync().ConfigureAwait(false);
        logger.LogInformation("worker on {TaskQueue} stopped", options.TaskQueue);
    }

    private async Task DrainActivitiesAsync()
    {
        var inFlight = running.Values.ToArray();
        if (inFlight.Length == 0)
        {
            return;
        }

        logger.LogInformation("waiting up to {Grace} for {Count} running activities", options.GracefulShutdownTimeout, inFlight.Length);
        using var grace = new CancellationTokenSource(options.GracefulShutdownTimeout);
        try
        {
            await Task.WhenAll(inFlight).WaitAsync(grace.Token).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            // Grace period over.
        }

        foreach (var context in running.Keys)
        {
            context.Cancel(ActivityCancelReason.WorkerShutdown);
        }

        await Task.WhenAll(running.Values.ToArray()).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    private async Task PollWorkflowTasksAsync(CancellationToken stop)
    {
        var request = new PollWorkflowTaskQueueRequest
        {
            Namespace = Namespace,
            TaskQueue = new TaskQueue { Name = options.TaskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        };
        while (!stop.IsCancellationRequested)
        {
            PollWorkflowTaskQueueResponse task;
            try
            {
                task = await Service.PollWorkflowTaskQueueAsync(request, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (TemporalException e)
            {
                await BackOffAsync(e, stop).ConfigureAwait(false);
                continue;
            }

            if (task.TaskToken.IsEmpty)
            {
                continue;
            }

            try
            {
                await HandleWorkflowTaskAsync(task).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never let one task take a poller down.
                logger.LogWarning(e, "workflow task for {WorkflowId} could not be answered", task.WorkflowExecution?.WorkflowId);
            }
        }
    }

    private async Task HandleWorkflowTaskAsync(PollWorkflowTaskQueueResponse task)
    {
        var execution = task.WorkflowExecution;
        var events = await FullHistoryAsync(task).ConfigureAwait(false);
        if (!workflows.TryGetValue(task.WorkflowType.Name, out var definition))
        {
            var known = string.Join(", ", workflows.Keys);
            await FailWorkflowTaskAsync(
                task,
                WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure,
                new ApplicationFailureException($"workflow type '{task.WorkflowType.Name}' is not registered on this worker (it runs: {known})", "UnknownWorkflowType"))
                .ConfigureAwait(false);
            return;
        }

        using var instance = new WorkflowInstance(definition, execution.WorkflowId, execution.RunId, Namespace);
        if (task.Query is { } legacyQuery)
        {
            await AnswerLegacyQueryAsync(task, instance, events, legacyQuery).ConfigureAwait(false);
            return;
        }

        IReadOnlyList<Temporalio.Api.Command.V1.Command> commands;
        try
        {
            commands = instance.Replay(events, task.StartedEventId);
        }
        catch (NonDeterminismException e)
        {
            logger.LogError("workflow {WorkflowId} is non-deterministic: {Message}", execution.WorkflowId, e.Message);
            await FailWorkflowTaskAsync(task, WorkflowTaskFailedCause.NonDeterministicError, e).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            // Workflow code threw (a bug) or its input cannot be decoded: the task fails and the server retries it.
            var cause = e is WorkflowTaskFailedException { InnerException: { } inner } ? inner : e;
            logger.LogError(cause, "workflow {WorkflowId} task failed: {Message}", execution.WorkflowId, e.Message);
            await FailWorkflowTaskAsync(task, WorkflowTaskFailedCause.WorkflowWorkerUnhandledFailure, cause).ConfigureAwait(false);
            return;
        }

        var completed = new RespondWorkflowTaskCompletedRequest
        {
            TaskToken = task.TaskToken,
            Namespace = Namespace,
            Identity = Identity,
            ReturnNewWorkflowTask = false,
        };
        completed.Commands.AddRange(commands);
        foreach (var (id, query) in task.Queries)
        {
            completed.QueryResults.Add(id, Answer(instance, query));
            logger.LogDebug("answered buffered query {Query} of {WorkflowId} with the workflow task", query.QueryType, execution.WorkflowId);
        }

        try
        {
            await Service.RespondWorkflowTaskCompletedAsync(completed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // The workflow closed or the task timed out meanwhile; the server will hand out a fresh one if needed.
        }
    }

    private async Task<List<HistoryEvent>> FullHistoryAsync(PollWorkflowTaskQueueResponse task)
    {
        var events = new List<HistoryEvent>(task.History?.Events ?? []);
        var token = task.NextPageToken;
        while (!token.IsEmpty)
        {
            var page = await Service.GetWorkflowExecutionHistoryAsync(
                new GetWorkflowExecutionHistoryRequest { Namespace = Namespace, Execution = task.WorkflowExecution, NextPageToken = token },
                CancellationToken.None).ConfigureAwait(false);
            events.AddRange(page.History?.Events ?? []);
            token = page.NextPageToken;
        }

        return events;
    }

    private async Task AnswerLegacyQueryAsync(
        PollWorkflowTaskQueueResponse task, WorkflowInstance instance, List<HistoryEvent> events, WorkflowQuery query)
    {
        var result = Answer(instance, query, events);
        await Service.RespondQueryTaskCompletedAsync(
            new RespondQueryTaskCompletedRequest
            {
                TaskToken = task.TaskToken,
                Namespace = Namespace,
                CompletedType = result.ResultType,
                QueryResult = result.Answer,
                ErrorMessage = result.ErrorMessage,
                Failure = result.Failure,
            },
            CancellationToken.None).ConfigureAwait(false);
    }

    private static WorkflowQueryResult Answer(WorkflowInstance instance, WorkflowQuery query, List<HistoryEvent>? replayFirst = null)
    {
        try
        {
            if (replayFirst is not null)
            {
                instance.Replay(replayFirst, 0);
            }

            var answer = instance.Query(query.QueryType, query.QueryArgs);
            return new WorkflowQueryResult { ResultType = QueryResultType.Answered, Answer = PayloadConverter.EncodeAll([answer]) };
        }
        catch (Exception e)
        {
            return new WorkflowQueryResult
            {
                ResultType = QueryResultType.Failed,
                ErrorMessage = e.Message,
                Failure = FailureConverter.ToFailure(e),
            };
        }
    }

    private async Task FailWorkflowTaskAsync(PollWorkflowTaskQueueResponse task, WorkflowTaskFailedCause cause, Exception exception)
    {
        try
        {
            await Service.RespondWorkflowTaskFailedAsync(
                new RespondWorkflowTaskFailedRequest
                {
                    TaskToken = task.TaskToken,
                    Namespace = Namespace,
                    Identity = Identity,
                    Cause = cause,
                    Failure = FailureConverter.ToFailure(exception),
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Already gone.
        }
    }

    private async Task PollActivityTasksAsync(SemaphoreSlim slots, CancellationToken stop)
    {
        var request = new PollActivityTaskQueueRequest
        {
            Namespace = Namespace,
            TaskQueue = new TaskQueue { Name = options.TaskQueue, Kind = TaskQueueKind.Normal },
            Identity = Identity,
        };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            PollActivityTaskQueueResponse task;
            try
            {
                task = await Service.PollActivityTaskQueueAsync(request, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                slots.Release();
                return;
            }
            catch (TemporalException e)
            {
                slots.Release();
                await BackOffAsync(e, stop).ConfigureAwait(false);
                continue;
            }

            if (task.TaskToken.IsEmpty)
            {
                slots.Release();
                continue;
            }

            var context = new ActivityExecutionContext(
                new ActivityInfo(
                    task.ActivityId,
                    task.ActivityType.Name,
                    task.WorkflowExecution.WorkflowId,
                    task.WorkflowExecution.RunId,
                    task.WorkflowType.Name,
                    options.TaskQueue,
                    task.Attempt,
                    ToTimeSpan(task.HeartbeatTimeout),
                    ToTimeSpan(task.StartToCloseTimeout)),
                task.HeartbeatDetails,
                Service,
                task.TaskToken,
                Namespace,
                Identity);
            var gate = new TaskCompletionSource();
            running[context] = gate.Task;
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunActivityAsync(task, context).ConfigureAwait(false);
                }
                finally
                {
                    running.TryRemove(context, out _);
                    context.Dispose();
                    slots.Release();
                    gate.SetResult();
                }
            }, CancellationToken.None);
        }
    }

    private async Task RunActivityAsync(PollActivityTaskQueueResponse task, ActivityExecutionContext context)
    {
        var name = task.ActivityType.Name;
        Failure failure;
        try
        {
            if (!activities.TryGetValue(name, out var definition))
            {
                throw new ApplicationFailureException(
                    $"activity '{name}' is not registered on this worker (it runs: {string.Join(", ", activities.Keys)})",
                    "UnknownActivityType");
            }

            context.MakeCurrent();
            var result = await definition.InvokeAsync(task.Input, context.CancellationToken).ConfigureAwait(false);

            if (context.CancelReason == ActivityCancelReason.GoneFromServer)
            {
                return;
            }

            var completed = new RespondActivityTaskCompletedRequest { TaskToken = task.TaskToken, Namespace = Namespace, Identity = Identity };
            if (definition.ReturnsValue)
            {
                completed.Result = PayloadConverter.EncodeAll([result]);
            }

            await RespondAsync(() => Service.RespondActivityTaskCompletedAsync(completed, CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (context.CancelReason == ActivityCancelReason.GoneFromServer)
        {
            // The server dropped this attempt; nobody would read our answer.
            return;
        }
        catch (OperationCanceledException) when (context.CancelReason == ActivityCancelReason.CancelRequested)
        {
            await RespondAsync(() => Service.RespondActivityTaskCanceledAsync(
                new RespondActivityTaskCanceledRequest { TaskToken = task.TaskToken, Namespace = Namespace, Identity = Identity },
                CancellationToken.None)).ConfigureAwait(false);
            return;
        }
        catch (Exception e)
        {
            if (e is not ApplicationFailureException)
            {
                logger.LogWarning("activity {Activity} attempt {Attempt} failed: {Message}", name, task.Attempt, e.Message);
            }

            failure = FailureConverter.ToFailure(e);
        }

        await RespondAsync(() => Service.RespondActivityTaskFailedAsync(
            new RespondActivityTaskFailedRequest { TaskToken = task.TaskToken, Namespace = Namespace, Identity = Identity, Failure = failure },
            CancellationToken.None)).ConfigureAwait(false);
    }

    private async Task RespondAsync(Func<Task> respond)
    {
        try
        {
            await respond().ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // The attempt timed out or the workflow closed; the answer has nowhere to go.
        }
        catch (RpcException e)
        {
            logger.LogWarning("could not report an activity result: {Message}", e.Message);
        }
    }

    private async Task BackOffAsync(TemporalException e, CancellationToken stop)
    {
        logger.LogWarning("poll on {TaskQueue} failed, retrying in 1 s: {Message}", options.TaskQueue, e.Message);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static TimeSpan? ToTimeSpan(Duration? duration) =>
        duration is null || duration.Seconds == 0 && duration.Nanos == 0 ? null : duration.ToTimeSpan();
}
