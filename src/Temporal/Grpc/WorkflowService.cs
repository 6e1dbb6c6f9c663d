using Google.Protobuf;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Grpc;

/// <summary>Typed unary calls of Temporal's WorkflowService, the subset a client and worker need.</summary>
internal sealed class WorkflowService(GrpcConnection connection)
{
    private const string Service = "temporal.api.workflowservice.v1.WorkflowService";

    /// <summary>Long polls are held ~60 s by the server; the deadline must exceed that.</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(70);

    public Task<StartWorkflowExecutionResponse> StartWorkflowExecutionAsync(StartWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("StartWorkflowExecution", request, StartWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<SignalWorkflowExecutionResponse> SignalWorkflowExecutionAsync(SignalWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("SignalWorkflowExecution", request, SignalWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartWorkflowExecutionAsync(SignalWithStartWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("SignalWithStartWorkflowExecution", request, SignalWithStartWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<QueryWorkflowResponse> QueryWorkflowAsync(QueryWorkflowRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("QueryWorkflow", request, QueryWorkflowResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(30), Idempotent: true), ct);

    public Task<RequestCancelWorkflowExecutionResponse> RequestCancelWorkflowExecutionAsync(RequestCancelWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RequestCancelWorkflowExecution", request, RequestCancelWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecutionAsync(TerminateWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("TerminateWorkflowExecution", request, TerminateWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<DescribeWorkflowExecutionResponse> DescribeWorkflowExecutionAsync(DescribeWorkflowExecutionRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("DescribeWorkflowExecution", request, DescribeWorkflowExecutionResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<ListWorkflowExecutionsResponse> ListWorkflowExecutionsAsync(ListWorkflowExecutionsRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("ListWorkflowExecutions", request, ListWorkflowExecutionsResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistoryAsync(GetWorkflowExecutionHistoryRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("GetWorkflowExecutionHistory", request, GetWorkflowExecutionHistoryResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<GetSystemInfoResponse> GetSystemInfoAsync(GetSystemInfoRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("GetSystemInfo", request, GetSystemInfoResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<DescribeNamespaceResponse> DescribeNamespaceAsync(DescribeNamespaceRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("DescribeNamespace", request, DescribeNamespaceResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskQueueAsync(PollWorkflowTaskQueueRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("PollWorkflowTaskQueue", request, PollWorkflowTaskQueueResponse.Parser, new GrpcCallOptions(timeout ?? PollTimeout, Idempotent: false), ct);

    public Task<RespondWorkflowTaskCompletedResponse> RespondWorkflowTaskCompletedAsync(RespondWorkflowTaskCompletedRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondWorkflowTaskCompleted", request, RespondWorkflowTaskCompletedResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<RespondWorkflowTaskFailedResponse> RespondWorkflowTaskFailedAsync(RespondWorkflowTaskFailedRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondWorkflowTaskFailed", request, RespondWorkflowTaskFailedResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<RespondQueryTaskCompletedResponse> RespondQueryTaskCompletedAsync(RespondQueryTaskCompletedRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondQueryTaskCompleted", request, RespondQueryTaskCompletedResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<PollActivityTaskQueueResponse> PollActivityTaskQueueAsync(PollActivityTaskQueueRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("PollActivityTaskQueue", request, PollActivityTaskQueueResponse.Parser, new GrpcCallOptions(timeout ?? PollTimeout, Idempotent: false), ct);

    public Task<RecordActivityTaskHeartbeatResponse> RecordActivityTaskHeartbeatAsync(RecordActivityTaskHeartbeatRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RecordActivityTaskHeartbeat", request, RecordActivityTaskHeartbeatResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<RespondActivityTaskCompletedResponse> RespondActivityTaskCompletedAsync(RespondActivityTaskCompletedRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondActivityTaskCompleted", request, RespondActivityTaskCompletedResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<RespondActivityTaskFailedResponse> RespondActivityTaskFailedAsync(RespondActivityTaskFailedRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondActivityTaskFailed", request, RespondActivityTaskFailedResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    public Task<RespondActivityTaskCanceledResponse> RespondActivityTaskCanceledAsync(RespondActivityTaskCanceledRequest request, CancellationToken ct, TimeSpan? timeout = null) =>
        CallAsync("RespondActivityTaskCanceled", request, RespondActivityTaskCanceledResponse.Parser, new GrpcCallOptions(timeout ?? TimeSpan.FromSeconds(10), Idempotent: true), ct);

    private Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser, GrpcCallOptions options, CancellationToken ct)
        where TResponse : IMessage<TResponse> =>
        connection.UnaryAsync(Service, method, request, parser, options, ct);
}
