using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Graduate.Temporal.Converters;
using Graduate.Temporal.Grpc;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Client;

/// <summary>
/// A client of one Temporal namespace: start, signal, query, cancel, terminate, describe and list
/// workflows, and wait for their results. Thread-safe; share one per process.
/// </summary>
public sealed class TemporalClient : IDisposable
{
    private readonly GrpcConnection connection;

    private TemporalClient(TemporalClientOptions options)
    {
        Options = options;
        connection = new GrpcConnection(options.Connection);
        Service = new WorkflowService(connection);
    }

    /// <summary>The options this client was made with.</summary>
    public TemporalClientOptions Options { get; }

    /// <summary>The namespace every call addresses.</summary>
    public string Namespace => Options.Namespace;

    internal WorkflowService Service { get; }

    /// <summary>Creates a client and checks the server answers (GetSystemInfo).</summary>
    /// <exception cref="Exceptions.UnavailableException">The server cannot be reached.</exception>
    public static async Task<TemporalClient> ConnectAsync(TemporalClientOptions options, CancellationToken ct = default)
    {
        var client = new TemporalClient(options);
        try
        {
            await client.GetSystemInfoAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Creates a client without contacting the server.</summary>
    public static TemporalClient Create(TemporalClientOptions options) => new(options);

    /// <summary>A bare unary call: the server's own floor for latency.</summary>
    public Task<GetSystemInfoResponse> GetSystemInfoAsync(CancellationToken ct = default) =>
        Service.GetSystemInfoAsync(new GetSystemInfoRequest(), ct);

    /// <summary>Describes the client's namespace (fails with NotFound when it does not exist).</summary>
    public Task<DescribeNamespaceResponse> DescribeNamespaceAsync(CancellationToken ct = default) =>
        Service.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = Namespace }, ct);

    /// <summary>Starts a workflow execution.</summary>
    /// <exception cref="Exceptions.WorkflowAlreadyStartedException">One with this id is running (conflict policy FAIL).</exception>
    public async Task<WorkflowHandle> StartWorkflowAsync(
        string workflowType, IReadOnlyList<object?> args, StartWorkflowOptions options, CancellationToken ct = default)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowId = options.Id,
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = options.TaskQueue },
            Input = PayloadConverter.EncodeAll(args),
            Identity = Options.Identity,
            RequestId = options.RequestId ?? Guid.NewGuid().ToString(),
            WorkflowIdReusePolicy = options.IdReusePolicy,
            WorkflowIdConflictPolicy = options.IdConflictPolicy,
            WorkflowExecutionTimeout = ToDuration(options.ExecutionTimeout),
            WorkflowRunTimeout = ToDuration(options.RunTimeout),
            WorkflowTaskTimeout = ToDuration(options.TaskTimeout),
            Memo = ToMemo(options.Memo),
            SearchAttributes = ToSearchAttributes(options.SearchAttributes),
        };
        var response = await Service.StartWorkflowExecutionAsync(request, ct).ConfigureAwait(false);
        return new WorkflowHandle(this, options.Id, response.RunId, response.RunId);
    }

    /// <summary>Signals a workflow, starting it first if no execution with the id is running.</summary>
    public async Task<WorkflowHandle> SignalWithStartAsync(
        string workflowType,
        IReadOnlyList<object?> args,
        StartWorkflowOptions options,
        string signalName,
        IReadOnlyList<object?> signalArgs,
        CancellationToken ct = default)
    {
        var request = new SignalWithStartWorkflowExecutionRequest
        {
            Namespace = Namespace,
            WorkflowId = options.Id,
            WorkflowType = new WorkflowType { Name = workflowType },
            TaskQueue = new TaskQueue { Name = options.TaskQueue },
            Input = PayloadConverter.EncodeAll(args),
            Identity = Options.Identity,
            RequestId = options.RequestId ?? Guid.NewGuid().ToString(),
            WorkflowIdReusePolicy = options.IdReusePolicy,
            WorkflowIdConflictPolicy = options.IdConflictPolicy == Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.Fail
                ? Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting
                : options.IdConflictPolicy,
            WorkflowExecutionTimeout = ToDuration(options.ExecutionTimeout),
            WorkflowRunTimeout = ToDuration(options.RunTimeout),
            WorkflowTaskTimeout = ToDuration(options.TaskTimeout),
            SignalName = signalName,
            SignalInput = PayloadConverter.EncodeAll(signalArgs),
            Memo = ToMemo(options.Memo),
            SearchAttributes = ToSearchAttributes(options.SearchAttributes),
        };
        var response = await Service.SignalWithStartWorkflowExecutionAsync(request, ct).ConfigureAwait(false);
        return new WorkflowHandle(this, options.Id, response.RunId, null);
    }

    /// <summary>A handle on an existing workflow; without a run id it addresses the latest run.</summary>
    public WorkflowHandle GetHandle(string workflowId, string? runId = null) => new(this, workflowId, runId, null);

    /// <summary>Lists executions matching a visibility query (eventually consistent), following pages.</summary>
    public async IAsyncEnumerable<WorkflowExecutionInfo> ListWorkflowsAsync(
        string query, int pageSize = 100, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var request = new ListWorkflowExecutionsRequest { Namespace = Namespace, Query = query, PageSize = pageSize };
        do
        {
            var response = await Service.ListWorkflowExecutionsAsync(request, ct).ConfigureAwait(false);
            foreach (var execution in response.Executions)
            {
                yield return execution;
            }

            request.NextPageToken = response.NextPageToken;
        }
        while (!request.NextPageToken.IsEmpty);
    }

    private static Duration? ToDuration(TimeSpan? value) => value is { } v ? Duration.FromTimeSpan(v) : null;

    private static Memo? ToMemo(IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return null;
        }

        var memo = new Memo();
        EncodeInto(memo.Fields, values);
        return memo;
    }

    private static SearchAttributes? ToSearchAttributes(IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
        {
            return null;
        }

        var attributes = new SearchAttributes();
        EncodeInto(attributes.IndexedFields, values);
        return attributes;
    }

    private static void EncodeInto(Google.Protobuf.Collections.MapField<string, Payload> fields, IReadOnlyDictionary<string, object?> values)
    {
        foreach (var (key, value) in values)
        {
            fields.Add(key, PayloadConverter.Encode(value));
        }
    }

    public void Dispose() => connection.Dispose();
}
