using System.Text.Json;
using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Temporalio.Api.Enums.V1;

namespace Graduate.Temporal.Tests;

/// <summary>
/// Our client against an official worker (Temporal's Python SDK, peer.py's PeerWorkflow and PeerActivity), and an
/// official workflow scheduling activities on our worker's queue (the fixture's sample activities).
/// </summary>
[Collection(TemporalCollection.Name)]
public sealed class PeerWorkflowTests(TemporalFixture fixture) : IAsyncLifetime
{
    private PeerWorker peer = null!;

    public async Task InitializeAsync() => peer = await PeerWorker.StartAsync(fixture.Server!.Address);

    public async Task DisposeAsync()
    {
        if (peer is not null)
        {
            await peer.DisposeAsync();
        }
    }

    [Fact]
    public async Task PeerWorkflow_StartedByOurClient_ReturnsInputAndPeerActivityResult()
    {
        var input = new Dictionary<string, object?>
        {
            ["activity"] = "PeerActivity",
            ["activityInput"] = new Dictionary<string, object?> { ["text"] = "héllo ✓", ["n"] = 42, ["list"] = new[] { 1, 2 } },
            ["note"] = "from dotnet",
        };

        var result = await ResultAsync(await StartAsync(input));

        Assert.Equal("from dotnet", result.GetProperty("input").GetProperty("note").GetString());
        var activity = result.GetProperty("activityResult");
        Assert.Equal("héllo ✓", activity.GetProperty("text").GetString());
        Assert.Equal(42, activity.GetProperty("n").GetInt32());
        Assert.Equal([1, 2], activity.GetProperty("list").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("signal").ValueKind);
    }

    [Fact]
    public async Task PeerWorkflow_QueriedThenSignalled_ReportsWaitingThenCompletesWithSignal()
    {
        var handle = await StartAsync(new Dictionary<string, object?> { ["waitForSignal"] = true });

        await Eventually.TrueAsync(
            async () => (await handle.QueryAsync<JsonElement>("state", [])).GetProperty("phase").GetString() == "waiting",
            what: "PeerWorkflow reports phase 'waiting'");
        await handle.SignalAsync("proceed", [new { by = "ours", count = 3 }]);
        var result = await ResultAsync(handle);

        Assert.Equal("ours", result.GetProperty("signal").GetProperty("by").GetString());
        Assert.Equal(3, result.GetProperty("signal").GetProperty("count").GetInt32());
        var state = await handle.QueryAsync<JsonElement>("state", []);
        Assert.Equal("done", state.GetProperty("phase").GetString());
        var description = await handle.DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Completed, description.WorkflowExecutionInfo.Status);
    }

    [Fact]
    public async Task PeerWorkflow_UnknownQuery_ThrowsWithPeerMessage()
    {
        var handle = await StartAsync(new Dictionary<string, object?> { ["waitForSignal"] = true });

        var error = await Assert.ThrowsAnyAsync<TemporalException>(() => handle.QueryAsync<JsonElement>("no-such-query", []));

        Assert.Contains("no-such-query", error.Message, StringComparison.Ordinal);
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task PeerWorkflow_CanceledWhileWaiting_ResultThrowsCanceled()
    {
        var handle = await StartAsync(new Dictionary<string, object?> { ["waitForSignal"] = true });
        await Eventually.TrueAsync(
            async () => (await handle.QueryAsync<JsonElement>("state", [])).GetProperty("phase").GetString() == "waiting",
            what: "PeerWorkflow reports phase 'waiting'");

        await handle.CancelAsync("test cancels");
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<JsonElement>());

        Assert.Equal(WorkflowExecutionStatus.Canceled, error.Status);
        Assert.IsType<CanceledFailureException>(error.InnerException);
        Assert.Equal(WorkflowExecutionStatus.Canceled, (await handle.DescribeAsync()).WorkflowExecutionInfo.Status);
    }

    [Fact]
    public async Task PeerWorkflow_FailsWithApplicationError_DecodesTypeMessageAndDetails()
    {
        var handle = await StartAsync(new Dictionary<string, object?>
        {
            ["fail"] = new { type = "PeerBoom", message = "it broke on purpose", details = new { code = 7, why = "test" } },
        });

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<JsonElement>());

        Assert.Equal(WorkflowExecutionStatus.Failed, error.Status);
        var app = Assert.IsType<ApplicationFailureException>(error.InnerException);
        Assert.Equal("PeerBoom", app.Type);
        Assert.Equal("it broke on purpose", app.Message);
        Assert.True(app.NonRetryable);
        var details = app.GetDetails<JsonElement>();
        Assert.Equal(7, details.GetProperty("code").GetInt32());
        Assert.Equal("test", details.GetProperty("why").GetString());
    }

    [Fact]
    public async Task PeerWorkflow_PeerActivityFails_DecodesActivityFailureWithApplicationCause()
    {
        var handle = await StartAsync(new Dictionary<string, object?>
        {
            ["activity"] = "PeerActivity",
            ["activityInput"] = new { fail = new { type = "ActBoom", message = "activity broke" } },
        });

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<JsonElement>());

        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal("PeerActivity", activity.ActivityType);
        var cause = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal("ActBoom", cause.Type);
        Assert.Equal("activity broke", cause.Message);
        Assert.True(cause.NonRetryable);
    }

    [Fact]
    public async Task PeerWorkflow_ActivityOnOurWorker_GetsOurJsonResult()
    {
        var result = await ResultAsync(await StartAsync(new Dictionary<string, object?>
        {
            ["activity"] = "Echo",
            ["activityTaskQueue"] = fixture.TaskQueue,
            ["activityInput"] = "héllo from the official workflow ✓",
        }));

        Assert.Equal("héllo from the official workflow ✓", result.GetProperty("activityResult").GetString());
    }

    [Fact]
    public async Task PeerWorkflow_OurActivityReturnsNothing_PeerSeesNull()
    {
        var result = await ResultAsync(await StartAsync(new Dictionary<string, object?>
        {
            ["activity"] = "Sleep",
            ["activityTaskQueue"] = fixture.TaskQueue,
            ["activityInput"] = 1,
        }));

        Assert.Equal(JsonValueKind.Null, result.GetProperty("activityResult").ValueKind);
    }

    [Fact]
    public async Task PeerWorkflow_OurActivityThrowsApplicationFailure_PeerSeesTypeMessageAndNonRetryable()
    {
        var handle = await StartAsync(new Dictionary<string, object?>
        {
            ["activity"] = "Fail",
            ["activityTaskQueue"] = fixture.TaskQueue,
            ["activityInput"] = new { message = "ours broke", type = "OurBoom", nonRetryable = true },
        });

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<JsonElement>());

        // The official workflow let the ActivityError escape, so it re-encoded what it decoded from our failure.
        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal("Fail", activity.ActivityType);
        Assert.Equal(RetryState.NonRetryableFailure, activity.RetryState);
        var cause = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal("OurBoom", cause.Type);
        Assert.Equal("ours broke", cause.Message);
        Assert.True(cause.NonRetryable);
    }

    [Fact]
    public async Task PeerWorkflow_OurActivityThrowsPlainException_PeerSeesExceptionTypeName()
    {
        var handle = await StartAsync(new Dictionary<string, object?>
        {
            ["activity"] = "Flaky",
            ["activityTaskQueue"] = fixture.TaskQueue,
            ["activityInput"] = 5,
        });

        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync<JsonElement>());

        var activity = Assert.IsType<ActivityFailureException>(error.InnerException);
        Assert.Equal(RetryState.MaximumAttemptsReached, activity.RetryState);
        var cause = Assert.IsType<ApplicationFailureException>(activity.InnerException);
        Assert.Equal(nameof(InvalidOperationException), cause.Type);
        Assert.Equal("attempt 1 fails on purpose", cause.Message);
        Assert.False(cause.NonRetryable);
    }

    private Task<WorkflowHandle> StartAsync(Dictionary<string, object?> input) =>
        fixture.Client.StartWorkflowAsync(
            "PeerWorkflow", [input], new StartWorkflowOptions { Id = $"peer-{Guid.NewGuid():N}", TaskQueue = peer.TaskQueue });

    private async Task<JsonElement> ResultAsync(WorkflowHandle handle)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            return await handle.GetResultAsync<JsonElement>(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"PeerWorkflow {handle.Id} gave no result within 60 s; peer output: {peer.Output}");
        }
    }
}
