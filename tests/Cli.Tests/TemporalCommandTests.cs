using System.Text.Json;
using Graduate.Testing;
using Graduate.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Cli.Tests;

/// <summary>start, status, watch, list and cancel against a real dev server.</summary>
[Collection(CliTemporalCollection.Name)]
public sealed class TemporalCommandTests(CliTemporalFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Start_DestinationAlreadyGraduating_IsRefusedNamingTheRunningOne()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        var running = await fixture.Client.StartWorkflowAsync(
            "Graduation",
            [new GraduationInput(new EnvironmentRef("staging", "dokku@staging"), new EnvironmentRef(destination, "dokku@" + destination))],
            new WorkflowOptions("graduate-" + destination, "nobody-polls-" + destination));

        var result = await home.RunAsync($"start staging {destination}");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Equal("", result.Out);
        var line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains($"A graduation or rollback of {destination} is already running (graduate-{destination}, run {running.FirstExecutionRunId})", line, StringComparison.Ordinal);
        await running.TerminateAsync("test done");
    }

    [Fact]
    public async Task Start_NewDestination_StartsGraduationWithConfigAndPrintsIdAndWebUiLink()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        home.Set("GRADUATE_TASK_QUEUE", "nobody-polls-" + destination);

        var result = await home.RunAsync($"start staging {destination} --apps portal,webservices");

        Assert.Equal(ExitCodes.Succeeded, result.ExitCode);
        var id = "graduate-" + destination;
        Assert.Contains($"Started graduation staging -> {destination}: {id}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Web UI: http://127.0.0.1:{fixture.Server.UiPort}/namespaces/default/workflows/{id}", result.Out, StringComparison.Ordinal);
        var handle = fixture.Client.GetWorkflowHandle(id);
        var history = await handle.FetchHistoryAsync();
        var started = history.Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.Equal("Graduation", started.WorkflowType.Name);
        Assert.Equal("nobody-polls-" + destination, started.TaskQueue.Name);
        using var input = JsonDocument.Parse(started.Input.Payloads_[0].Data.ToStringUtf8());
        Assert.Equal("staging", input.RootElement.GetProperty("source").GetProperty("name").GetString());
        Assert.Equal($"ssh://dokku@{destination}.example.com:2222", input.RootElement.GetProperty("destination").GetProperty("url").GetString());
        Assert.Equal(["portal", "webservices"], input.RootElement.GetProperty("apps").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("ssh dokku@$ENVIRONMENT_URL run portal rake db:migrate", input.RootElement.GetProperty("postHooks")[0].GetString());
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task StatusListCancel_RunningGraduation_ShowStatusThenWatchEndsCompleted()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        var queue = "--task-queue " + fixture.TaskQueue;
        var start = await home.RunAsync($"start staging {destination} --json {queue}");
        Assert.Equal(ExitCodes.Succeeded, start.ExitCode);
        using (var started = JsonDocument.Parse(start.Out))
        {
            Assert.Equal("graduate-" + destination, started.RootElement.GetProperty("id").GetString());
        }

        await Poll.UntilTrueAsync(
            "the status query to answer",
            async ct =>
            {
                var status = await home.RunAsync($"status {destination} --json", ct);
                using var json = JsonDocument.Parse(status.Out);
                var phase = json.RootElement.GetProperty("status") is { ValueKind: JsonValueKind.Object } s ? s.GetProperty("phase").GetString() : null;
                return (phase == "staging", status.Out);
            },
            Deadline,
            CancellationToken.None,
            TimeSpan.FromMilliseconds(200));
        var text = await home.RunAsync($"status graduate-{destination}");
        Assert.Contains("phase: staging", text.Out, StringComparison.Ordinal);
        Assert.Contains("  portal       staged", text.Out, StringComparison.Ordinal);

        await Poll.UntilTrueAsync(
            "list to show the graduation",
            async ct =>
            {
                var list = await home.RunAsync("list --json", ct);
                return (list.ExitCode == 0 && list.Out.Contains($"\"graduate-{destination}\"", StringComparison.Ordinal), list.Out);
            },
            Deadline,
            CancellationToken.None,
            TimeSpan.FromMilliseconds(200));

        var watch = home.RunAsync($"watch {destination}");
        var cancel = await home.RunAsync($"cancel {destination} --reason \"operator said so\"");
        var watched = await watch;

        Assert.Equal(ExitCodes.Succeeded, cancel.ExitCode);
        Assert.Equal(ExitCodes.Succeeded, watched.ExitCode);
        Assert.Contains($"graduate-{destination}: completed", watched.Out, StringComparison.Ordinal);
        Assert.Contains("reason: operator said so", watched.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWait_GraduationFails_ExitsWithGraduationFailedAndSaysWhy()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);

        var run = home.RunAsync($"start staging {destination} --wait --task-queue {fixture.TaskQueue}");
        var handle = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        await Poll.UntilTrueAsync(
            "the graduation to start",
            async ct =>
            {
                try
                {
                    var describe = await handle.DescribeAsync(new() { Rpc = new() { CancellationToken = ct } });
                    return (describe.Status == WorkflowExecutionStatus.Running, describe.Status.ToString());
                }
                catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
                {
                    return (false, "not started");
                }
            },
            Deadline,
            CancellationToken.None,
            TimeSpan.FromMilliseconds(100));
        await handle.SignalAsync("cancel", ["fail"]);
        var result = await run;

        Assert.True(result.ExitCode == ExitCodes.GraduationFailed, $"exit {result.ExitCode}: {result.Out}{result.Error}");
        Assert.Contains($"graduate-{destination}: failed: POST hook 1 failed: exit 3", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWait_GraduationCompletesWithAFailedOutcome_ExitsWithGraduationFailedAndListSaysFailed()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);

        var run = home.RunAsync($"start staging {destination} --wait --task-queue {fixture.TaskQueue}");
        var handle = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        await Poll.UntilTrueAsync(
            "the graduation to answer its status query",
            async ct =>
            {
                try
                {
                    return (await Graduations.GraduationWatcher.TryQueryAsync(handle, ct) is not null, "no answer");
                }
                catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
                {
                    return (false, "not started");
                }
            },
            Deadline,
            CancellationToken.None,
            TimeSpan.FromMilliseconds(100));
        await handle.SignalAsync("cancel", ["soft-fail"]);
        var result = await run;

        Assert.True(result.ExitCode == ExitCodes.GraduationFailed, $"exit {result.ExitCode}: {result.Out}{result.Error}");
        Assert.Contains($"graduate-{destination}: failed: webservices failed its checks", result.Out, StringComparison.Ordinal);
        var status = await home.RunAsync($"status {destination} --json");
        using (var json = JsonDocument.Parse(status.Out))
        {
            Assert.Equal("failed", json.RootElement.GetProperty("outcome").GetString());
            Assert.Equal("webservices failed its checks", json.RootElement.GetProperty("result").GetProperty("errors")[0].GetString());
        }

        await Poll.UntilTrueAsync(
            "list to show the failed graduation",
            async ct =>
            {
                var list = await home.RunAsync("list", ct);
                var line = list.Out.Split('\n').FirstOrDefault(l => l.StartsWith($"graduate-{destination} ", StringComparison.Ordinal));
                return (line is not null && line.Contains(" failed ", StringComparison.Ordinal), list.Out);
            },
            Deadline,
            CancellationToken.None,
            TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task List_OlderRunOfADestinationStillGraduating_ShowsItsOwnOutcomeWithoutWaiting()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        var queue = "--task-queue " + fixture.TaskQueue;
        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync($"start staging {destination} {queue}")).ExitCode);
        var first = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        await first.SignalAsync("cancel", ["soft-fail"]);
        await first.GetResultAsync<JsonElement>();
        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync($"start staging {destination} {queue}")).ExitCode);
        var second = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        try
        {
            // Reading the older run's result must not wait for the newer run to end (it would, until this deadline).
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Poll.UntilTrueAsync(
                "list to show the running graduation and the failed one before it",
                async ct =>
                {
                    var list = await home.RunAsync("list --json --limit 500", ct);
                    if (list.ExitCode != ExitCodes.Succeeded)
                    {
                        return (false, $"exit {list.ExitCode}: {list.Error}");
                    }

                    using var json = JsonDocument.Parse(list.Out);
                    var outcomes = json.RootElement.EnumerateArray()
                        .Where(r => r.GetProperty("id").GetString() == "graduate-" + destination)
                        .Select(r => r.GetProperty("outcome").GetString())
                        .ToList();
                    return (outcomes.SequenceEqual(["running", "failed"]), string.Join(", ", outcomes));
                },
                TimeSpan.FromSeconds(60),
                cts.Token,
                TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            await second.TerminateAsync("test done");
        }
    }

    [Fact]
    public async Task Watch_Interrupted_ExitsInterruptedAndTheGraduationGoesOn()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        home.Set("GRADUATE_TASK_QUEUE", "nobody-polls-" + destination);
        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync($"start staging {destination}")).ExitCode);
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await home.RunAsync($"watch {destination}", interrupt.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains("goes on in Temporal", result.Error, StringComparison.Ordinal);
        var handle = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        Assert.Equal(WorkflowExecutionStatus.Running, (await handle.DescribeAsync()).Status);
        await handle.TerminateAsync("test done");
    }

    [Fact]
    public async Task Cancel_NoSuchGraduation_ExitsWithUsageErrorPointingAtList()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);

        var result = await home.RunAsync($"cancel {destination}");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains($"There is no running graduation graduate-{destination}", result.Error, StringComparison.Ordinal);
        Assert.Contains("graduate list", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_GraduationNotWaiting_ExitsWithUsageErrorNamingThePhase()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync($"start staging {destination} --task-queue {fixture.TaskQueue}")).ExitCode);

        var result = await home.RunAsync($"approve {destination} --note early");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        var line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("Nothing to approve: graduation stub is in phase staging", line, StringComparison.Ordinal);
        Assert.Contains($"graduate status graduate-{destination}", line, StringComparison.Ordinal);
        await fixture.Client.GetWorkflowHandle("graduate-" + destination).TerminateAsync("test done");
    }

    [Fact]
    public async Task Approve_GraduationStartedWithApproval_SendsTheUpdateAsTheUserWithTheNote()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        home.Set("USER", "alice");
        var start = await home.RunAsync($"start staging {destination} --approval --approval-timeout 45m --task-queue {fixture.TaskQueue}");
        Assert.Equal(ExitCodes.Succeeded, start.ExitCode);
        Assert.Contains($"waits up to 45m for `graduate approve {destination}`", start.Out, StringComparison.Ordinal);
        var handle = fixture.Client.GetWorkflowHandle("graduate-" + destination);
        var history = await handle.FetchHistoryAsync();
        using (var input = JsonDocument.Parse(history.Events.First().WorkflowExecutionStartedEventAttributes.Input.Payloads_[0].Data.ToStringUtf8()))
        {
            Assert.True(input.RootElement.GetProperty("approval").GetBoolean());
            Assert.Equal(2700, input.RootElement.GetProperty("approvalTimeoutSeconds").GetInt32());
        }

        var result = await home.RunAsync(["approve", destination, "--note", "checked staging"]);

        Assert.True(result.ExitCode == ExitCodes.Succeeded, result.Error);
        Assert.Contains($"Approved graduate-{destination} as alice", result.Out, StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(Deadline);
        var outcome = await handle.GetResultAsync<StubResult>(rpcOptions: new() { CancellationToken = cts.Token });
        Assert.Equal("approved by alice: checked staging", outcome.Reason);
    }

    [Fact]
    public async Task Reject_GraduationWaiting_SendsTheUpdateWithTheReason()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);
        home.Set("USER", "bob");
        Assert.Equal(ExitCodes.Succeeded, (await home.RunAsync($"start staging {destination} --approval --task-queue {fixture.TaskQueue}")).ExitCode);

        var result = await home.RunAsync(["reject", $"graduate-{destination}", "--reason", "checkout is broken"]);

        Assert.True(result.ExitCode == ExitCodes.Succeeded, result.Error);
        Assert.Contains($"Rejected graduate-{destination} as bob", result.Out, StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(Deadline);
        var outcome = await fixture.Client.GetWorkflowHandle("graduate-" + destination).GetResultAsync<StubResult>(rpcOptions: new() { CancellationToken = cts.Token });
        Assert.Equal("rejected by bob: checkout is broken", outcome.Reason);
    }

    [Fact]
    public async Task Approve_NoSuchGraduation_ExitsWithUsageErrorSayingNothingWaits()
    {
        var destination = UniqueDestination();
        using var home = await fixture.HomeAsync(destination);

        var result = await home.RunAsync($"approve {destination}");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains($"There is no running graduation graduate-{destination}, so nothing waits for approval", result.Error, StringComparison.Ordinal);
    }

    private static string UniqueDestination() => "prod-" + Guid.NewGuid().ToString("N")[..10];
}
