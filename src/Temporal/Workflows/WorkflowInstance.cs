using System.Globalization;
using System.Reflection;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Graduate.Temporal.Converters;
using Graduate.Temporal.Exceptions;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Graduate.Temporal.Workflows;

/// <summary>
/// One replay of one workflow execution. Every workflow task builds a fresh instance and feeds it the whole
/// history: events that answered earlier commands resolve the code's awaits, and the commands the code issues
/// are checked against the command events history already holds. What is left after the last (current)
/// workflow task is the new work to send. State comes only from events, so a crash, a discarded task or a
/// different worker changes nothing.
/// </summary>
internal sealed class WorkflowInstance : IDisposable
{
    [ThreadStatic]
    private static WorkflowInstance? current;

    private readonly WorkflowDefinition definition;
    private readonly WorkflowScheduler scheduler = new();
    private readonly List<Command> commands = [];
    private readonly Dictionary<string, PendingActivity> activities = [];
    private readonly Dictionary<long, PendingActivity> activitiesByEventId = [];
    private readonly Dictionary<string, PendingTimer> timers = [];
    private readonly List<PendingCondition> conditions = [];
    private readonly List<Task> handlerTasks = [];
    private readonly CancellationTokenSource cancelRequested = new();
    private readonly string workflowId;
    private readonly string runId;
    private readonly string @namespace;
    private object? workflow;
    private Task? run;
    private bool closed;
    private int sequence;

    public WorkflowInstance(WorkflowDefinition definition, string workflowId, string runId, string @namespace)
    {
        this.definition = definition;
        this.workflowId = workflowId;
        this.runId = runId;
        this.@namespace = @namespace;
        Info = new WorkflowInfo(workflowId, runId, definition.Name, string.Empty, @namespace, 1, default);
    }

    public static WorkflowInstance? Current => current;

    public WorkflowInfo Info { get; private set; }

    public DateTime UtcNow { get; private set; }

    public bool IsReplaying { get; private set; }

    public CancellationToken CancellationToken => cancelRequested.Token;

    public string? CurrentDetails { get; set; }

    /// <summary>
    /// Replays <paramref name="events"/>. Returns the commands of the workflow task whose started event is
    /// <paramref name="currentStartedEventId"/> (0: replay completed tasks only, as for a query).
    /// </summary>
    /// <exception cref="NonDeterminismException">The code no longer matches its history.</exception>
    /// <exception cref="WorkflowTaskFailedException">Workflow code threw something other than a failure.</exception>
    public IReadOnlyList<Command> Replay(IReadOnlyList<HistoryEvent> events, long currentStartedEventId)
    {
        var outcomes = new Dictionary<long, EventType>();
        foreach (var e in events)
        {
            switch (e.AttributesCase)
            {
                case HistoryEvent.AttributesOneofCase.WorkflowTaskCompletedEventAttributes:
                    outcomes[e.WorkflowTaskCompletedEventAttributes.StartedEventId] = e.EventType;
                    break;
                case HistoryEvent.AttributesOneofCase.WorkflowTaskFailedEventAttributes:
                    outcomes[e.WorkflowTaskFailedEventAttributes.StartedEventId] = e.EventType;
                    break;
                case HistoryEvent.AttributesOneofCase.WorkflowTaskTimedOutEventAttributes:
                    outcomes[e.WorkflowTaskTimedOutEventAttributes.StartedEventId] = e.EventType;
                    break;
            }
        }

        // Events that the code has not seen yet; a failed or timed-out task produced nothing, so they carry over.
        var inputs = new List<HistoryEvent>();
        foreach (var e in events)
        {
            switch (e.EventType)
            {
                case EventType.WorkflowTaskStarted:
                    var completed = outcomes.TryGetValue(e.EventId, out var outcome) && outcome == EventType.WorkflowTaskCompleted;
                    var isCurrent = e.EventId == currentStartedEventId;
                    if (completed || isCurrent)
                    {
                        RequireAllCommandsMatched();
                        IsReplaying = !isCurrent;
                        UtcNow = e.EventTime.ToDateTime();
                        Activate(inputs);
                        inputs.Clear();
                        if (isCurrent)
                        {
                            return commands.ToList();
                        }
                    }

                    break;
                case EventType.WorkflowExecutionStarted:
                case EventType.ActivityTaskCompleted:
                case EventType.ActivityTaskFailed:
                case EventType.ActivityTaskTimedOut:
                case EventType.ActivityTaskCanceled:
                case EventType.TimerFired:
                case EventType.WorkflowExecutionSignaled:
                case EventType.WorkflowExecutionCancelRequested:
                    inputs.Add(e);
                    break;
                case EventType.ActivityTaskScheduled:
                    var scheduled = e.ActivityTaskScheduledEventAttributes;
                    Match(e, CommandType.ScheduleActivityTask, c =>
                        c.ScheduleActivityTaskCommandAttributes.ActivityId == scheduled.ActivityId
                        && c.ScheduleActivityTaskCommandAttributes.ActivityType.Name == scheduled.ActivityType.Name);
                    var pending = activities[scheduled.ActivityId];
                    pending.ScheduledEventId = e.EventId;
                    activitiesByEventId[e.EventId] = pending;
                    break;
                case EventType.ActivityTaskCancelRequested:
                    var requested = e.ActivityTaskCancelRequestedEventAttributes.ScheduledEventId;
                    Match(e, CommandType.RequestCancelActivityTask, c => c.RequestCancelActivityTaskCommandAttributes.ScheduledEventId == requested);
                    break;
                case EventType.TimerStarted:
                    var timerId = e.TimerStartedEventAttributes.TimerId;
                    Match(e, CommandType.StartTimer, c => c.StartTimerCommandAttributes.TimerId == timerId);
                    break;
                case EventType.TimerCanceled:
                    var canceledId = e.TimerCanceledEventAttributes.TimerId;
                    Match(e, CommandType.CancelTimer, c => c.CancelTimerCommandAttributes.TimerId == canceledId);
                    break;
                case EventType.WorkflowExecutionCompleted:
                    Match(e, CommandType.CompleteWorkflowExecution, _ => true);
                    break;
                case EventType.WorkflowExecutionFailed:
                    Match(e, CommandType.FailWorkflowExecution, _ => true);
                    break;
                case EventType.WorkflowExecutionCanceled:
                    Match(e, CommandType.CancelWorkflowExecution, _ => true);
                    break;
                case EventType.WorkflowExecutionContinuedAsNew:
                    Match(e, CommandType.ContinueAsNewWorkflowExecution, _ => true);
                    break;
                case EventType.MarkerRecorded:
                    Match(e, CommandType.RecordMarker, _ => true);
                    break;
                case EventType.UpsertWorkflowSearchAttributes:
                    Match(e, CommandType.UpsertWorkflowSearchAttributes, _ => true);
                    break;
                case EventType.WorkflowPropertiesModified:
                    Match(e, CommandType.ModifyWorkflowProperties, _ => true);
                    break;
            }
        }

        if (currentStartedEventId != 0)
        {
            throw new TemporalException($"history has no workflow task started event {currentStartedEventId}");
        }

        return [];
    }

    /// <summary>Answers a query from the state the replay left.</summary>
    public object? Query(string name, Payloads? args)
    {
        var previous = current;
        current = this;
        try
        {
            switch (name)
            {
                case "__stack_trace":
                    return StackTrace();
                case "__temporal_workflow_metadata":
                    return Metadata();
            }

            if (workflow is null)
            {
                throw new ApplicationFailureException("the workflow has not started yet", "QueryNotReady");
            }

            if (!definition.Queries.TryGetValue(name, out var member))
            {
                var known = string.Join(", ", definition.Queries.Keys.Order(StringComparer.Ordinal));
                throw new ApplicationFailureException(
                    $"unknown query '{name}'; this workflow answers: {known}, __stack_trace", "UnknownQuery");
            }

            try
            {
                return member switch
                {
                    PropertyInfo property => property.GetValue(workflow),
                    MethodInfo method => method.Invoke(workflow, WorkflowDefinition.DecodeArguments(method, args)),
                    _ => null,
                };
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
        finally
        {
            current = previous;
        }
    }

    internal Task<TResult> ScheduleActivity<TResult>(string name, IReadOnlyList<object?> args, ActivityOptions options)
    {
        if (options.StartToCloseTimeout is null && options.ScheduleToCloseTimeout is null)
        {
            throw new ArgumentException($"activity {name} needs a StartToCloseTimeout or ScheduleToCloseTimeout", nameof(options));
        }

        var id = NextId();
        var attributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = id,
            ActivityType = new ActivityType { Name = name },
            TaskQueue = new TaskQueue { Name = options.TaskQueue ?? Info.TaskQueue },
            Input = PayloadConverter.EncodeAll(args),
            StartToCloseTimeout = ToDuration(options.StartToCloseTimeout),
            ScheduleToCloseTimeout = ToDuration(options.ScheduleToCloseTimeout),
            ScheduleToStartTimeout = ToDuration(options.ScheduleToStartTimeout),
            HeartbeatTimeout = ToDuration(options.HeartbeatTimeout),
            RetryPolicy = options.RetryPolicy?.ToProto(),
        };
        var command = new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = attributes };
        if (options.Summary is { } summary)
        {
            command.UserMetadata = new Temporalio.Api.Sdk.V1.UserMetadata { Summary = PayloadConverter.Encode(summary) };
        }
        var completion = new TaskCompletionSource<TResult>();
        var pending = new PendingActivity(id, name, command)
        {
            Resolve = payloads => completion.TrySetResult(FailureConverter.FirstOrDefault<TResult>(payloads)!),
            Reject = e => completion.TrySetException(e),
        };
        if (options.CancellationToken.IsCancellationRequested)
        {
            pending.Reject(ActivityCanceled(pending));
            return completion.Task;
        }

        activities[id] = pending;
        commands.Add(command);
        if (options.CancellationToken.CanBeCanceled)
        {
            pending.Registration = options.CancellationToken.Register(() => CancelActivity(pending));
        }

        return completion.Task;
    }

    internal Task StartTimer(TimeSpan delay, CancellationToken ct)
    {
        var completion = new TaskCompletionSource();
        if (ct.IsCancellationRequested)
        {
            completion.SetCanceled(ct);
            return completion.Task;
        }

        var id = NextId();
        var command = new Command
        {
            CommandType = CommandType.StartTimer,
            StartTimerCommandAttributes = new StartTimerCommandAttributes
            {
                TimerId = id,
                StartToFireTimeout = Duration.FromTimeSpan(delay <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : delay),
            },
        };
        var timer = new PendingTimer(id, delay, command, completion);
        timers[id] = timer;
        commands.Add(command);
        if (ct.CanBeCanceled)
        {
            timer.Registration = ct.Register(() => CancelTimer(timer, ct));
        }

        return completion.Task;
    }

    internal async Task<bool> WaitCondition(Func<bool> condition, TimeSpan? timeout, CancellationToken ct)
    {
        if (condition())
        {
            return true;
        }

        var pending = new PendingCondition(condition, new TaskCompletionSource<bool>());
        conditions.Add(pending);
        using var registration = ct.CanBeCanceled
            ? ct.Register(() =>
            {
                conditions.Remove(pending);
                pending.Completion.TrySetCanceled(ct);
            })
            : default;
        if (timeout is not { } limit)
        {
            return await pending.Completion.Task;
        }

        using var stopTimer = new CancellationTokenSource();
        var timer = StartTimer(limit, stopTimer.Token);
        var first = await Task.WhenAny(pending.Completion.Task, timer);
        if (first == pending.Completion.Task)
        {
            await stopTimer.CancelAsync();
            return await pending.Completion.Task;
        }

        conditions.Remove(pending);
        await timer;
        return false;
    }

    private string NextId() => (++sequence).ToString(CultureInfo.InvariantCulture);

    private void Activate(List<HistoryEvent> inputs)
    {
        var previous = current;
        current = this;
        try
        {
            var start = inputs.FirstOrDefault(e => e.EventType == EventType.WorkflowExecutionStarted);
            if (start is not null)
            {
                Begin(start);
            }

            foreach (var e in inputs)
            {
                Apply(e);
            }

            if (start is not null)
            {
                var args = WorkflowDefinition.DecodeArguments(definition.Run, start.WorkflowExecutionStartedEventAttributes.Input);
                // Keep the method's own task (not an unwrapped proxy): its Result is the workflow's result.
                _ = Task.Factory.StartNew(
                    () =>
                    {
                        try
                        {
                            run = (Task)definition.Run.Invoke(workflow, args)!;
                        }
                        catch (TargetInvocationException e) when (e.InnerException is not null)
                        {
                            run = Task.FromException(e.InnerException);
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.None,
                    scheduler);
            }

            RunUntilBlocked();
            var failedHandler = handlerTasks.FirstOrDefault(t => t.IsFaulted);
            if (failedHandler is not null)
            {
                throw new WorkflowTaskFailedException("a signal handler threw", failedHandler.Exception!.InnerException!);
            }

            if (run is { IsCompleted: true } && !closed)
            {
                Close(run);
            }
        }
        finally
        {
            current = previous;
        }
    }

    private void Begin(HistoryEvent start)
    {
        var attributes = start.WorkflowExecutionStartedEventAttributes;
        Info = new WorkflowInfo(
            workflowId,
            runId,
            definition.Name,
            attributes.TaskQueue?.Name ?? string.Empty,
            @namespace,
            Math.Max(1, attributes.Attempt),
            start.EventTime.ToDateTime());
        try
        {
            workflow = Activator.CreateInstance(definition.Type);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new WorkflowTaskFailedException("the workflow constructor threw", e.InnerException);
        }
    }

    private void Apply(HistoryEvent e)
    {
        switch (e.EventType)
        {
            case EventType.ActivityTaskCompleted:
                if (Unresolved(e.ActivityTaskCompletedEventAttributes.ScheduledEventId) is { } completed)
                {
                    Finish(completed);
                    completed.Resolve(e.ActivityTaskCompletedEventAttributes.Result);
                }

                break;
            case EventType.ActivityTaskFailed:
                var failed = e.ActivityTaskFailedEventAttributes;
                if (Unresolved(failed.ScheduledEventId) is { } failedActivity)
                {
                    Finish(failedActivity);
                    failedActivity.Reject(ActivityFailed(failedActivity, failed.RetryState, FailureConverter.ToException(failed.Failure)));
                }

                break;
            case EventType.ActivityTaskTimedOut:
                var timedOut = e.ActivityTaskTimedOutEventAttributes;
                if (Unresolved(timedOut.ScheduledEventId) is { } timedOutActivity)
                {
                    Finish(timedOutActivity);
                    timedOutActivity.Reject(ActivityFailed(timedOutActivity, timedOut.RetryState, FailureConverter.ToException(timedOut.Failure)));
                }

                break;
            case EventType.ActivityTaskCanceled:
                if (Unresolved(e.ActivityTaskCanceledEventAttributes.ScheduledEventId) is { } canceled)
                {
                    Finish(canceled);
                    canceled.Reject(ActivityCanceled(canceled));
                }

                break;
            case EventType.TimerFired:
                if (timers.Remove(e.TimerFiredEventAttributes.TimerId, out var timer))
                {
                    timer.Registration.Dispose();
                    timer.Completion.TrySetResult();
                }

                break;
            case EventType.WorkflowExecutionSignaled:
                Signal(e.WorkflowExecutionSignaledEventAttributes);
                break;
            case EventType.WorkflowExecutionCancelRequested:
                cancelRequested.Cancel();
                break;
        }
    }

    private PendingActivity? Unresolved(long scheduledEventId) =>
        activitiesByEventId.TryGetValue(scheduledEventId, out var activity) && !activity.Done ? activity : null;

    private static void Finish(PendingActivity activity)
    {
        activity.Done = true;
        activity.Registration.Dispose();
    }

    private void Signal(WorkflowExecutionSignaledEventAttributes signal)
    {
        if (!definition.Signals.TryGetValue(signal.SignalName, out var handler))
        {
            // Like the official SDKs' default: a signal nobody handles is dropped.
            return;
        }

        var args = WorkflowDefinition.DecodeArguments(handler, signal.Input);
        handlerTasks.Add(Task.Factory.StartNew(
            () => handler.Invoke(workflow, args) as Task ?? Task.CompletedTask,
            CancellationToken.None,
            TaskCreationOptions.None,
            scheduler).Unwrap());
    }

    private void RunUntilBlocked()
    {
        while (true)
        {
            scheduler.Drain();
            var satisfied = conditions.Where(c => c.Condition()).ToList();
            if (satisfied.Count == 0)
            {
                return;
            }

            foreach (var condition in satisfied)
            {
                conditions.Remove(condition);
                condition.Completion.TrySetResult(true);
            }
        }
    }

    private void Close(Task finished)
    {
        closed = true;
        var exception = finished.IsFaulted ? finished.Exception!.InnerException! : null;
        if (finished.IsCompletedSuccessfully)
        {
            var result = WorkflowDefinition.TaskResult(finished);
            var complete = new CompleteWorkflowExecutionCommandAttributes();
            if (definition.Run.ReturnType.IsGenericType)
            {
                complete.Result = PayloadConverter.EncodeAll([result]);
            }

            commands.Add(new Command { CommandType = CommandType.CompleteWorkflowExecution, CompleteWorkflowExecutionCommandAttributes = complete });
        }
        else if (cancelRequested.IsCancellationRequested && (finished.IsCanceled || Workflow.IsCancellation(exception!)))
        {
            commands.Add(new Command
            {
                CommandType = CommandType.CancelWorkflowExecution,
                CancelWorkflowExecutionCommandAttributes = new CancelWorkflowExecutionCommandAttributes(),
            });
        }
        else if (exception is ContinueAsNewException next)
        {
            commands.Add(new Command
            {
                CommandType = CommandType.ContinueAsNewWorkflowExecution,
                ContinueAsNewWorkflowExecutionCommandAttributes = new ContinueAsNewWorkflowExecutionCommandAttributes
                {
                    WorkflowType = new WorkflowType { Name = definition.Name },
                    TaskQueue = new TaskQueue { Name = Info.TaskQueue },
                    Input = PayloadConverter.EncodeAll(next.Args),
                },
            });
        }
        else if (exception is FailureException)
        {
            commands.Add(new Command
            {
                CommandType = CommandType.FailWorkflowExecution,
                FailWorkflowExecutionCommandAttributes = new FailWorkflowExecutionCommandAttributes { Failure = FailureConverter.ToFailure(exception) },
            });
        }
        else
        {
            closed = false;
            throw new WorkflowTaskFailedException(
                "workflow code threw an exception that is not a Temporal failure (throw ApplicationFailureException to fail the workflow)",
                exception ?? new OperationCanceledException("workflow code was canceled without a cancel request"));
        }
    }

    private void CancelActivity(PendingActivity activity)
    {
        if (activity.Done)
        {
            return;
        }

        activity.Done = true;
        if (!commands.Remove(activity.Command))
        {
            commands.Add(new Command
            {
                CommandType = CommandType.RequestCancelActivityTask,
                RequestCancelActivityTaskCommandAttributes = new RequestCancelActivityTaskCommandAttributes { ScheduledEventId = activity.ScheduledEventId },
            });
        }

        activity.Reject(ActivityCanceled(activity));
    }

    private void CancelTimer(PendingTimer timer, CancellationToken ct)
    {
        if (!timers.Remove(timer.Id))
        {
            return;
        }

        if (!commands.Remove(timer.Command))
        {
            commands.Add(new Command
            {
                CommandType = CommandType.CancelTimer,
                CancelTimerCommandAttributes = new CancelTimerCommandAttributes { TimerId = timer.Id },
            });
        }

        timer.Completion.TrySetCanceled(ct);
    }

    private static ActivityFailureException ActivityCanceled(PendingActivity activity) =>
        ActivityFailed(activity, RetryState.CancelRequested, new CanceledFailureException("activity canceled"));

    private static ActivityFailureException ActivityFailed(PendingActivity activity, RetryState retryState, Exception cause) =>
        new($"activity {activity.Name} failed: {cause.Message}", activity.Name, activity.Id, retryState, cause);

    private void Match(HistoryEvent e, CommandType expected, Func<Command, bool> same)
    {
        if (commands.Count == 0 || commands[0].CommandType != expected || !same(commands[0]))
        {
            var issued = commands.Count == 0 ? "nothing" : Describe(commands[0]);
            throw new NonDeterminismException(
                $"history event {e.EventId} is {e.EventType} but the workflow code issued {issued} at that point: " +
                "the code changed in a way that is not compatible with running workflows");
        }

        commands.RemoveAt(0);
    }

    private void RequireAllCommandsMatched()
    {
        if (commands.Count > 0)
        {
            throw new NonDeterminismException(
                $"the workflow code issued {Describe(commands[0])}, which history does not have: " +
                "the code changed in a way that is not compatible with running workflows");
        }
    }

    private static string Describe(Command command) => command.AttributesCase switch
    {
        Command.AttributesOneofCase.ScheduleActivityTaskCommandAttributes =>
            $"ScheduleActivityTask({command.ScheduleActivityTaskCommandAttributes.ActivityType.Name}, id {command.ScheduleActivityTaskCommandAttributes.ActivityId})",
        Command.AttributesOneofCase.StartTimerCommandAttributes => $"StartTimer(id {command.StartTimerCommandAttributes.TimerId})",
        _ => command.CommandType.ToString(),
    };

    private string StackTrace()
    {
        var text = new StringBuilder();
        text.Append("workflow ").Append(definition.Name).Append(' ').AppendLine(workflowId);
        if (CurrentDetails is { } details)
        {
            text.AppendLine(details);
        }

        text.AppendLine(closed ? "closed" : "waiting on:");
        foreach (var activity in activities.Values.Where(a => !a.Done))
        {
            text.Append("  activity ").Append(activity.Name).Append(" (id ").Append(activity.Id).AppendLine(")");
        }

        foreach (var timer in timers.Values)
        {
            text.Append("  timer ").Append(timer.Id).Append(" (").Append(timer.Delay).AppendLine(")");
        }

        if (conditions.Count > 0)
        {
            text.Append("  ").Append(conditions.Count).AppendLine(" condition(s), e.g. a signal");
        }

        return text.ToString();
    }

    private object Metadata() => new
    {
        definition = new
        {
            type = definition.Name,
            queryDefinitions = definition.Queries.Keys.Order(StringComparer.Ordinal).Select(n => new { name = n }).ToArray(),
            signalDefinitions = definition.Signals.Keys.Order(StringComparer.Ordinal).Select(n => new { name = n }).ToArray(),
        },
        currentDetails = CurrentDetails ?? string.Empty,
    };

    private static Duration? ToDuration(TimeSpan? value) => value is { } v ? Duration.FromTimeSpan(v) : null;

    public void Dispose() => cancelRequested.Dispose();

    private sealed class PendingActivity(string id, string name, Command command)
    {
        public string Id { get; } = id;

        public string Name { get; } = name;

        public Command Command { get; } = command;

        public long ScheduledEventId { get; set; }

        public bool Done { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public required Action<Payloads?> Resolve { get; init; }

        public required Action<Exception> Reject { get; init; }
    }

    private sealed class PendingTimer(string id, TimeSpan delay, Command command, TaskCompletionSource completion)
    {
        public string Id { get; } = id;

        public TimeSpan Delay { get; } = delay;

        public Command Command { get; } = command;

        public TaskCompletionSource Completion { get; } = completion;

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed record PendingCondition(Func<bool> Condition, TaskCompletionSource<bool> Completion);
}
