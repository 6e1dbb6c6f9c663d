using System.CommandLine;
using System.Text.Json;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate list [--json]</c>: running and past graduations, newest first.</summary>
public sealed class ListCommand : Command
{
    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public static readonly Option<int> LimitOption = new("--limit")
    {
        Description = "Show at most this many",
        DefaultValueFactory = _ => 50,
    };

    public ListCommand(CliContext context, ConfigStore store)
        : base("list", "List running and past graduations")
    {
        Aliases.Add("ls");
        Options.Add(JsonOption);
        Options.Add(LimitOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, store.Load(), ct).ConfigureAwait(false);
            var limit = Math.Max(1, parseResult.GetValue(LimitOption));
            var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            var rows = new List<(string Id, string RunId, string Outcome, DateTimeOffset? Start, DateTimeOffset? Close)>();
            var list = client.ListWorkflowsAsync(
                $"WorkflowType='{GraduationContract.WorkflowType}'",
                new() { Limit = limit, Rpc = new() { CancellationToken = ct } });
            await foreach (var info in list.ConfigureAwait(false))
            {
                var outcome = info.Status == WorkflowExecutionStatus.Completed
                    ? await CompletedOutcomeAsync(client.GetWorkflowHandle(info.Id, info.RunId) with { ResultRunId = info.RunId }, ct).ConfigureAwait(false)
                    : GraduationOutcome.Name(info.Status);
                rows.Add((info.Id, info.RunId, outcome, new DateTimeOffset(info.StartTime, TimeSpan.Zero), info.CloseTime is { } closed ? new DateTimeOffset(closed, TimeSpan.Zero) : null));
                if (rows.Count >= limit)
                {
                    break;
                }
            }

            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(rows.Select(r => new { id = r.Id, runId = r.RunId, outcome = r.Outcome, startTime = r.Start, closeTime = r.Close }))).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            if (rows.Count == 0)
            {
                await context.Out.WriteLineAsync("No graduations yet: start one with `graduate start SOURCE DESTINATION`.").ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            var width = rows.Max(r => r.Id.Length);
            foreach (var row in rows)
            {
                var closed = row.Close is { } c ? $"  ended {c:u}" : "";
                await context.Out.WriteLineAsync($"{row.Id.PadRight(width)}  {row.Outcome,-10}  started {row.Start:u}{closed}").ConfigureAwait(false);
            }

            return ExitCodes.Succeeded;
        });
    }

    // A completed Graduation workflow may still be a failed or canceled graduation: its result says which. The handle
    // names the run's ResultRunId too: without it the SDK reads the result of the id's latest run, and waits while that runs.
    private static async Task<string> CompletedOutcomeAsync(WorkflowHandle handle, CancellationToken ct)
    {
        var (result, _) = await GraduationWatcher.ResultAsync(handle, ct).ConfigureAwait(false);
        return GraduationOutcome.Of(WorkflowExecutionStatus.Completed, result).Name;
    }
}
