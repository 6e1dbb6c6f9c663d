using System.Text.Json;
using Spectre.Console;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Cli.Graduations;

/// <summary>
/// Follows one graduation until it ends and returns the exit code for its outcome. In a terminal it shows one view
/// updated in place; in a pipe one line per change; with <c>--json</c> one JSON object per change (NDJSON).
/// </summary>
public sealed class GraduationWatcher(ITemporalClient client, CliContext context, TimeProvider time)
{
    /// <summary>How often the status is asked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public Task<int> WatchAsync(string workflowId, bool json, CancellationToken ct)
    {
        IGraduationView view = json
            ? new JsonLinesView(context.Out)
            : context.IsTerminal
                ? new LiveView(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Out) }), time)
                : new LinesView(context.Out);
        return view.RunAsync(() => FollowAsync(workflowId, view, ct));
    }

    /// <summary>The status query's answer, or null when no worker answers in time.</summary>
    public static async Task<JsonElement?> TryQueryAsync(WorkflowHandle handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return await handle.QueryAsync<JsonElement>(
                GraduationContract.StatusQuery,
                [],
                new() { Rpc = new() { CancellationToken = ct, Timeout = QueryTimeout } }).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.Cancelled && !ct.IsCancellationRequested)
        {
            return null;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.ResourceExhausted)
        {
            // "consistent query buffer is full": the workflow is busy with a task; ask again next round.
            return null;
        }
    }

    /// <summary>The ended graduation's result (null when the execution did not complete) and the error it ended with.</summary>
    public static async Task<(JsonElement? Result, string? Error)> ResultAsync(WorkflowHandle handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return (await handle.GetResultAsync<JsonElement>(rpcOptions: new() { CancellationToken = ct }).ConfigureAwait(false), null);
        }
        catch (WorkflowFailedException e)
        {
            return (null, e.InnerException?.Message ?? e.Message);
        }
    }

    private async Task<int> FollowAsync(string workflowId, IGraduationView view, CancellationToken ct)
    {
        var handle = client.GetWorkflowHandle(workflowId);
        var waitingShown = false;
        while (true)
        {
            // The raw description: the SDK's own leaves out the pending activities (their heartbeats carry the live output).
            var describe = await client.WorkflowService.DescribeWorkflowExecutionAsync(
                new() { Namespace = client.Options.Namespace, Execution = new() { WorkflowId = workflowId } },
                new() { CancellationToken = ct }).ConfigureAwait(false);
            var status = describe.WorkflowExecutionInfo.Status;
            if (status != WorkflowExecutionStatus.Running)
            {
                var (result, error) = await ResultAsync(handle, ct).ConfigureAwait(false);
                var (outcome, exitCode) = GraduationOutcome.Of(status, result);
                error ??= exitCode == ExitCodes.Succeeded ? null : GraduationOutcome.Errors(result);
                await view.EndAsync(handle.Id, outcome, result, error, time.GetUtcNow()).ConfigureAwait(false);
                return exitCode;
            }

            if (await TryQueryAsync(handle, ct).ConfigureAwait(false) is { } current)
            {
                await view.ShowAsync(current, LiveOutputRenderer.Extract(describe.PendingActivities), time.GetUtcNow()).ConfigureAwait(false);
            }
            else if (!waitingShown)
            {
                await view.NoWorkerAsync(
                    $"{workflowId} is running but no worker answers yet: start one with `graduate worker` (task queue {describe.ExecutionConfig?.TaskQueue?.Name ?? "graduate"}).").ConfigureAwait(false);
                waitingShown = true;
            }

            await Task.Delay(Interval, time, ct).ConfigureAwait(false);
        }
    }
}
