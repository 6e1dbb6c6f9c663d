using Graduate.Temporal.Converters;
using Graduate.Temporal.Exceptions;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Client;

/// <summary>
/// One workflow execution, by id and (optionally) run id. Without a run id, calls address the latest run.
/// </summary>
public sealed class WorkflowHandle
{
    private readonly TemporalClient client;

    internal WorkflowHandle(TemporalClient client, string id, string? runId, string? firstExecutionRunId)
    {
        this.client = client;
        Id = id;
        RunId = runId;
        FirstExecutionRunId = firstExecutionRunId;
    }

    /// <summary>The workflow id.</summary>
    public string Id { get; }

    /// <summary>The run this handle addresses, or null for the latest.</summary>
    public string? RunId { get; }

    /// <summary>The run this handle started, when it started one.</summary>
    public string? FirstExecutionRunId { get; }

    private string Namespace => client.Namespace;

    private WorkflowExecution Execution => new() { WorkflowId = Id, RunId = RunId ?? string.Empty };

    /// <summary>Sends a signal.</summary>
    public Task SignalAsync(string name, IReadOnlyList<object?> args, CancellationToken ct = default) =>
        client.Service.SignalWorkflowExecutionAsync(
            new SignalWorkflowExecutionRequest
            {
                Namespace = Namespace,
                WorkflowExecution = Execution,
                SignalName = name,
                Input = PayloadConverter.EncodeAll(args),
                Identity = client.Options.Identity,
                RequestId = Guid.NewGuid().ToString(),
            },
            ct);

    /// <summary>Runs a query handler and decodes its answer.</summary>
    /// <exception cref="InvalidArgumentException">The workflow has no such query or the handler failed.</exception>
    public async Task<T?> QueryAsync<T>(string name, IReadOnlyList<object?> args, CancellationToken ct = default)
    {
        var response = await client.Service.QueryWorkflowAsync(
            new QueryWorkflowRequest
            {
                Namespace = Namespace,
                Execution = Execution,
                Query = new WorkflowQuery { QueryType = name, QueryArgs = PayloadConverter.EncodeAll(args) },
            },
            ct).ConfigureAwait(false);
        if (response.QueryRejected is { } rejected)
        {
            throw new TemporalException($"query '{name}' rejected: workflow is {rejected.Status}");
        }

        return FailureConverter.FirstOrDefault<T>(response.QueryResult);
    }

    /// <summary>Asks the workflow to cancel; the workflow decides how and when to end.</summary>
    public Task CancelAsync(string? reason = null, CancellationToken ct = default) =>
        client.Service.RequestCancelWorkflowExecutionAsync(
            new RequestCancelWorkflowExecutionRequest
            {
                Namespace = Namespace,
                WorkflowExecution = Execution,
                Identity = client.Options.Identity,
                RequestId = Guid.NewGuid().ToString(),
                Reason = reason ?? string.Empty,
            },
            ct);

    /// <summary>Ends the workflow at once; no workflow code runs.</summary>
    public Task TerminateAsync(string? reason = null, CancellationToken ct = default) =>
        client.Service.TerminateWorkflowExecutionAsync(
            new TerminateWorkflowExecutionRequest
            {
                Namespace = Namespace,
                WorkflowExecution = Execution,
                Identity = client.Options.Identity,
                Reason = reason ?? string.Empty,
            },
            ct);

    /// <summary>Status, timestamps, pending activities.</summary>
    public Task<DescribeWorkflowExecutionResponse> DescribeAsync(CancellationToken ct = default) =>
        client.Service.DescribeWorkflowExecutionAsync(
            new DescribeWorkflowExecutionRequest { Namespace = Namespace, Execution = Execution }, ct);

    /// <summary>The whole history of the run, every page.</summary>
    public async Task<History> GetHistoryAsync(CancellationToken ct = default)
    {
        var history = new History();
        var request = new GetWorkflowExecutionHistoryRequest { Namespace = Namespace, Execution = Execution };
        do
        {
            var page = await client.Service.GetWorkflowExecutionHistoryAsync(request, ct).ConfigureAwait(false);
            history.Events.AddRange(page.History?.Events ?? []);
            request.NextPageToken = page.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);

        return history;
    }

    /// <summary>
    /// Waits for the workflow to close and returns its result, following continue-as-new.
    /// </summary>
    /// <exception cref="WorkflowFailedException">It failed, was canceled, terminated or timed out.</exception>
    public async Task<T?> GetResultAsync<T>(CancellationToken ct = default)
    {
        var runId = RunId ?? string.Empty;
        while (true)
        {
            var close = await WaitForCloseEventAsync(runId, ct).ConfigureAwait(false);
            switch (close.EventType)
            {
                case EventType.WorkflowExecutionCompleted:
                    return FailureConverter.FirstOrDefault<T>(close.WorkflowExecutionCompletedEventAttributes.Result);
                case EventType.WorkflowExecutionContinuedAsNew:
                    runId = close.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId;
                    continue;
                case EventType.WorkflowExecutionFailed:
                    throw Failed(WorkflowExecutionStatus.Failed, close.WorkflowExecutionFailedEventAttributes.Failure);
                case EventType.WorkflowExecutionCanceled:
                    throw new WorkflowFailedException(
                        $"workflow {Id} was canceled",
                        WorkflowExecutionStatus.Canceled,
                        new CanceledFailureException("workflow canceled"));
                case EventType.WorkflowExecutionTerminated:
                    var reason = close.WorkflowExecutionTerminatedEventAttributes.Reason;
                    throw new WorkflowFailedException(
                        $"workflow {Id} was terminated: {reason}",
                        WorkflowExecutionStatus.Terminated,
                        new TerminatedFailureException(reason));
                case EventType.WorkflowExecutionTimedOut:
                    throw new WorkflowFailedException(
                        $"workflow {Id} timed out",
                        WorkflowExecutionStatus.TimedOut,
                        new TimeoutFailureException("workflow timed out", TimeoutType.StartToClose));
                default:
                    throw new TemporalException($"unexpected close event {close.EventType} for workflow {Id}");
            }
        }
    }

    private async Task<HistoryEvent> WaitForCloseEventAsync(string runId, CancellationToken ct)
    {
        var request = new GetWorkflowExecutionHistoryRequest
        {
            Namespace = Namespace,
            Execution = new WorkflowExecution { WorkflowId = Id, RunId = runId },
            WaitNewEvent = true,
            HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
        };
        while (true)
        {
            var page = await client.Service.GetWorkflowExecutionHistoryAsync(request, ct, Grpc.WorkflowService.PollTimeout)
                .ConfigureAwait(false);
            if (page.History is { Events.Count: > 0 } history)
            {
                return history.Events[^1];
            }

            // An empty page with a token means "still running": ask again with it.
            request.NextPageToken = page.NextPageToken;
        }
    }

    private WorkflowFailedException Failed(WorkflowExecutionStatus status, Failure failure) =>
        new($"workflow {Id} failed: {failure.Message}", status, FailureConverter.ToException(failure));
}
