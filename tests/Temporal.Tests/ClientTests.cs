using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Grpc;
using Graduate.TestWorker;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

[Collection(TemporalCollection.Name)]
public sealed class ClientTests(TemporalFixture fixture)
{
    private TemporalClient Client => fixture.Client;

    [Fact]
    public async Task GetSystemInfo_DevServer_ReportsServerVersion()
    {
        var info = await Client.GetSystemInfoAsync();

        Assert.False(string.IsNullOrEmpty(info.ServerVersion));
    }

    [Fact]
    public async Task DescribeNamespace_UnknownNamespace_ThrowsNotFound()
    {
        using var other = TemporalClient.Create(Client.Options with { Namespace = "no-such-namespace" });

        await Assert.ThrowsAsync<NotFoundException>(() => other.DescribeNamespaceAsync());
        Assert.Equal("default", (await Client.DescribeNamespaceAsync()).NamespaceInfo.Name);
    }

    [Fact]
    public async Task Start_SameIdWhileRunning_ThrowsAlreadyStartedWithRunningRunId()
    {
        var options = fixture.Options("conflict");
        var first = await Client.StartWorkflowAsync("Sample", [new SampleInput("a")], options);

        var refused = await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(
            () => Client.StartWorkflowAsync("Sample", [new SampleInput("b")], options));

        Assert.Equal(first.RunId, refused.RunId);
        await first.TerminateAsync("test over");
    }

    [Fact]
    public async Task Start_ClosedIdWithRejectDuplicate_ThrowsAlreadyExists()
    {
        var options = fixture.Options("reuse") with { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate };
        var first = await Client.StartWorkflowAsync("Sample", [new SampleInput("a")], options);
        await first.TerminateAsync("done");

        await Assert.ThrowsAnyAsync<AlreadyExistsException>(
            () => Client.StartWorkflowAsync("Sample", [new SampleInput("b")], options));
    }

    [Fact]
    public async Task Start_WithMemoSearchAttributesAndTimeouts_DescribeShowsThem()
    {
        var options = fixture.Options("memo") with
        {
            Memo = new Dictionary<string, object?> { ["owner"] = "ops" },
            SearchAttributes = new Dictionary<string, object?> { ["GraduateTestKeyword"] = "memo-test" },
            ExecutionTimeout = TimeSpan.FromMinutes(10),
            RunTimeout = TimeSpan.FromMinutes(5),
            TaskTimeout = TimeSpan.FromSeconds(7),
        };
        var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("memo")], options);

        var description = await handle.DescribeAsync();

        Assert.Equal(WorkflowExecutionStatus.Running, description.WorkflowExecutionInfo.Status);
        Assert.Equal("\"ops\"", description.WorkflowExecutionInfo.Memo.Fields["owner"].Data.ToStringUtf8());
        Assert.Contains("memo-test", description.WorkflowExecutionInfo.SearchAttributes.IndexedFields["GraduateTestKeyword"].Data.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(7), description.ExecutionConfig.DefaultWorkflowTaskTimeout.ToTimeSpan());
        Assert.Equal(fixture.TaskQueue, description.ExecutionConfig.TaskQueue.Name);

        await Eventually.TrueAsync(async () =>
        {
            await foreach (var execution in Client.ListWorkflowsAsync("GraduateTestKeyword = 'memo-test'", pageSize: 1))
            {
                if (execution.Execution.WorkflowId == handle.Id)
                {
                    return true;
                }
            }

            return false;
        }, what: "visibility lists the workflow by its search attribute");
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task List_MoreThanOnePage_FollowsPageTokens()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("p")], fixture.Options(prefix));
            await handle.TerminateAsync("listed");
        }

        await Eventually.TrueAsync(async () =>
        {
            var count = 0;
            await foreach (var execution in Client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{prefix}'", pageSize: 1))
            {
                count++;
            }

            return count == 3;
        }, what: "three executions over three pages");
    }

    [Fact]
    public async Task SignalWithStart_NotRunning_StartsAndDeliversSignal()
    {
        var handle = await Client.SignalWithStartAsync(
            "Sample", [new SampleInput("sws", 1)], fixture.Options("sws"), "approve", ["carol"]);

        var result = await handle.GetResultAsync<SampleResult>();

        Assert.Equal("carol", result!.ApprovedBy);
    }

    [Fact]
    public async Task Terminate_Running_GetResultThrowsTerminated()
    {
        var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("t")], fixture.Options("terminate"));

        await handle.TerminateAsync("operator stop");
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<SampleResult>());

        Assert.Equal(WorkflowExecutionStatus.Terminated, failed.Status);
        Assert.IsType<TerminatedFailureException>(failed.InnerException);
    }

    [Fact]
    public async Task Cancel_WaitingWorkflow_EndsCanceled()
    {
        var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("c", 1)], fixture.Options("cancel"));
        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) == "waiting for approval");

        await handle.CancelAsync("changed my mind");
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<SampleResult>());

        Assert.Equal(WorkflowExecutionStatus.Canceled, failed.Status);
    }

    [Fact]
    public async Task GetResult_ContinuedAsNew_FollowsToLastRun()
    {
        var handle = await Client.StartWorkflowAsync("Chain", [0], fixture.Options("chain"));

        Assert.Equal(2, await handle.GetResultAsync<int>());
    }

    [Fact]
    public async Task Query_UnknownQuery_ThrowsWithKnownNames()
    {
        var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("q")], fixture.Options("query"));
        await Eventually.TrueAsync(async () => await handle.QueryAsync<string>("phase", []) is not null);

        var error = await Assert.ThrowsAnyAsync<RpcException>(() => handle.QueryAsync<string>("nope", []));

        Assert.Contains("phase", error.Message, StringComparison.Ordinal);
        var stack = await handle.QueryAsync<string>("__stack_trace", []);
        Assert.Contains("workflow Sample", stack, StringComparison.Ordinal);
        await handle.TerminateAsync("test over");
    }

    [Fact]
    public async Task Describe_UnknownWorkflow_ThrowsNotFound() =>
        await Assert.ThrowsAsync<NotFoundException>(() => Client.GetHandle("no-such-workflow").DescribeAsync());

    [Fact]
    public async Task Start_EmptyTaskQueue_ThrowsInvalidArgument() =>
        await Assert.ThrowsAsync<InvalidArgumentException>(
            () => Client.StartWorkflowAsync("Sample", [], fixture.Options("bad") with { TaskQueue = string.Empty }));

    [Fact]
    public async Task Connect_NothingListening_ThrowsUnavailable()
    {
        var options = new TemporalClientOptions
        {
            Connection = new GrpcConnectionOptions
            {
                Address = $"127.0.0.1:{Testing.TemporalDevServer.FreePort()}",
                MaxRetries = 1,
                InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            },
        };

        await Assert.ThrowsAsync<UnavailableException>(() => TemporalClient.ConnectAsync(options));
    }

    [Fact]
    public async Task Query_NoWorkerOnQueue_ThrowsDeadlineExceeded()
    {
        var options = fixture.Options("deadline") with { TaskQueue = "nobody-polls-" + Guid.NewGuid().ToString("N") };
        var handle = await Client.StartWorkflowAsync("Sample", [new SampleInput("d")], options);
        var request = new Temporalio.Api.WorkflowService.V1.QueryWorkflowRequest
        {
            Namespace = Client.Namespace,
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = handle.Id },
            Query = new Temporalio.Api.Query.V1.WorkflowQuery { QueryType = "phase" },
        };

        await Assert.ThrowsAsync<DeadlineExceededException>(
            () => Client.Service.QueryWorkflowAsync(request, CancellationToken.None, TimeSpan.FromSeconds(1)));
        await handle.TerminateAsync("test over");
    }
}
