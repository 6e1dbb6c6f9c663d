using System.Text.Json;
using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Temporalio.Api.Enums.V1;

namespace Graduate.Cli.Graduations;

/// <summary>
/// Follows one graduation: prints its status whenever it changes (plain lines, fit for a pipe), then its
/// outcome, and returns the exit code for that outcome.
/// </summary>
public sealed class GraduationWatcher(TemporalClient client, CliContext context, TimeProvider time)
{
    /// <summary>How often the status is asked for.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    public async Task<int> WatchAsync(string workflowId, bool json, CancellationToken ct)
    {
        var handle = client.GetHandle(workflowId);
        string? lastShown = null;
        var waitingShown = false;
        while (true)
        {
            var describe = await handle.DescribeAsync(ct).ConfigureAwait(false);
            var status = describe.WorkflowExecutionInfo.Status;
            if (status != WorkflowExecutionStatus.Running)
            {
                return await ReportEndAsync(handle, status, json, ct).ConfigureAwait(false);
            }

            var current = await TryQueryAsync(handle, ct).ConfigureAwait(false);
            if (current is { } element)
            {
                // Compare what was reported, not the rendered text: that holds elapsed times that change every second.
                var live = json ? "" : LiveOutputRenderer.Render(describe.PendingActivities);
                var raw = element.GetRawText();
                if (raw + live != lastShown)
                {
                    if (!json)
                    {
                        await context.Out.WriteLineAsync($"----- {time.GetUtcNow():HH:mm:ss} {workflowId}").ConfigureAwait(false);
                    }

                    await context.Out.WriteAsync(json
                        ? raw + "\n"
                        : StatusRenderer.Render(element, time.GetUtcNow(), includeIdentity: lastShown is null) + live).ConfigureAwait(false);
                    await context.Out.FlushAsync(ct).ConfigureAwait(false);
                    lastShown = raw + live;
                }
            }
            else if (!waitingShown && !json)
            {
                await context.Out.WriteLineAsync(
                    $"{workflowId} is running but no worker answers yet: start one with `graduate worker` (task queue {describe.ExecutionConfig?.TaskQueue?.Name ?? "graduate"}).").ConfigureAwait(false);
                waitingShown = true;
            }

            await Task.Delay(Interval, time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The status query's answer, or null when no worker answers in time.</summary>
    public static async Task<JsonElement?> TryQueryAsync(WorkflowHandle handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(QueryTimeout);
        try
        {
            return await handle.QueryAsync<JsonElement>(GraduationContract.StatusQuery, [], timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (DeadlineExceededException)
        {
            return null;
        }
        catch (RpcException e) when (e.Code == Graduate.Temporal.Grpc.StatusCode.ResourceExhausted)
        {
            // "consistent query buffer is full": the workflow is busy with a task; ask again next round.
            return null;
        }
    }

    private async Task<int> ReportEndAsync(WorkflowHandle handle, WorkflowExecutionStatus status, bool json, CancellationToken ct)
    {
        string? error = null;
        JsonElement? result = null;
        try
        {
            result = await handle.GetResultAsync<JsonElement>(ct).ConfigureAwait(false);
        }
        catch (WorkflowFailedException e)
        {
            error = e.InnerException?.Message ?? e.Message;
        }

        var (outcome, exitCode) = GraduationOutcome.Of(status, result);
        error ??= exitCode == ExitCodes.Succeeded ? null : GraduationOutcome.Errors(result);
        if (json)
        {
            await context.Out.WriteLineAsync(CliJson.Serialize(new { id = handle.Id, outcome, result, error })).ConfigureAwait(false);
        }
        else
        {
            if (result is { ValueKind: JsonValueKind.Object } summary)
            {
                await context.Out.WriteLineAsync($"----- {time.GetUtcNow():HH:mm:ss} {handle.Id} ended").ConfigureAwait(false);
                await context.Out.WriteAsync(StatusRenderer.Render(summary, time.GetUtcNow(), includeIdentity: false)).ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(error is null ? $"{handle.Id}: {outcome}" : $"{handle.Id}: {outcome}: {error}").ConfigureAwait(false);
        }

        return exitCode;
    }
}
