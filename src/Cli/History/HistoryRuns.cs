using System.Text.Json;
using Graduate.Cli.Graduations;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Graduate.Cli.History;

/// <summary>
/// The runs of <c>graduate-DST</c> from Temporal's visibility, each read as a <see cref="HistoryEntry"/>: who started it
/// and its input from its first event, its outcome, apps, tag and approval from its result (or, while it runs, its status).
/// </summary>
public static class HistoryRuns
{
    /// <summary>The newest <paramref name="limit"/> runs to <paramref name="destination"/>, newest first.</summary>
    /// <param name="client">A connected client.</param>
    /// <param name="destination">A valid environment name (it goes into a visibility query).</param>
    /// <param name="limit">How many runs at most.</param>
    /// <param name="link">The Web UI link of a run, from its workflow id and run id.</param>
    /// <param name="ct">Cancels the reading.</param>
    public static async Task<IReadOnlyList<HistoryEntry>> ReadAsync(
        ITemporalClient client,
        string destination,
        int limit,
        Func<string, string, string> link,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(link);
        var query = $"WorkflowType='{GraduationContract.WorkflowType}' AND WorkflowId='{GraduationContract.IdFor(Dokku.DokkuNames.Environment(destination))}'";
        var runs = new List<WorkflowExecution>();
        await foreach (var run in client.ListWorkflowsAsync(query, new() { Limit = limit, Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        var entries = new List<HistoryEntry>(runs.Count);
        foreach (var run in runs.OrderByDescending(r => r.StartTime).Take(limit))
        {
            entries.Add(await ReadRunAsync(client, run, link(run.Id, run.RunId), ct).ConfigureAwait(false));
        }

        return entries;
    }

    private static async Task<HistoryEntry> ReadRunAsync(ITemporalClient client, WorkflowExecution run, string url, CancellationToken ct)
    {
        var (startedBy, input) = await StartedAsync(client, run, ct).ConfigureAwait(false);

        // ResultRunId too: without it the SDK waits for the result of the id's latest run, not this one's.
        var handle = client.GetWorkflowHandle(run.Id, run.RunId) with { ResultRunId = run.RunId };
        JsonElement? result = null;
        JsonElement? status = null;
        var errors = new List<string>();
        string outcome;
        if (run.Status == WorkflowExecutionStatus.Running)
        {
            outcome = GraduationOutcome.Name(run.Status);
            status = await GraduationWatcher.TryQueryAsync(handle, ct).ConfigureAwait(false);
        }
        else
        {
            string? error;
            (result, error) = await GraduationWatcher.ResultAsync(handle, ct).ConfigureAwait(false);
            outcome = GraduationOutcome.Of(run.Status, result).Name;
            errors.AddRange(HistoryJson.Errors(result));
            // A canceled execution's error only says "canceled", which the outcome already does.
            if (error is not null && run.Status != WorkflowExecutionStatus.Canceled)
            {
                errors.Add(error);
            }
        }

        // The result (or status) knows the releases; the input names the apps asked for, which is all a canceled run leaves.
        var apps = HistoryJson.Apps(result ?? status);
        var rollbackTo = HistoryJson.String(input, "rollbackTo") ?? HistoryJson.String(result, "rollbackTo");
        return new HistoryEntry(
            rollbackTo is null ? HistoryEntry.Graduation : HistoryEntry.Rollback,
            rollbackTo,
            outcome,
            Utc(run.StartTime),
            run.CloseTime is { } closed ? Utc(closed) : null,
            startedBy,
            HistoryJson.Approval(result ?? status),
            HistoryJson.SourceName(input),
            apps.Count > 0 ? apps : HistoryJson.Apps(input),
            HistoryJson.String(result, "tag") ?? HistoryJson.String(status, "tag"),
            errors,
            run.Id,
            run.RunId,
            url);
    }

    /// <summary>The identity of the client that started the run, and its input, from the run's first event.</summary>
    private static async Task<(string? Identity, JsonElement? Input)> StartedAsync(ITemporalClient client, WorkflowExecution run, CancellationToken ct)
    {
        Temporalio.Api.WorkflowService.V1.GetWorkflowExecutionHistoryResponse response;
        try
        {
            response = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(
                new()
                {
                    Namespace = client.Options.Namespace,
                    Execution = new() { WorkflowId = run.Id, RunId = run.RunId },
                    MaximumPageSize = 1,
                },
                new() { CancellationToken = ct }).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            // Visibility can list a run a little longer than its history is kept.
            return (null, null);
        }

        if (response.History?.Events.FirstOrDefault()?.WorkflowExecutionStartedEventAttributes is not { } started)
        {
            return (null, null);
        }

        JsonElement? input = null;
        if (started.Input?.Payloads_.Count > 0)
        {
            try
            {
                input = await client.Options.DataConverter.ToValueAsync<JsonElement>(started.Input.Payloads_[0]).ConfigureAwait(false);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                // An input no JSON converter reads (another client's codec): the run still shows, without its apps.
            }
        }

        return (started.Identity is { Length: > 0 } identity ? identity : null, input);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
