using System.CommandLine;
using System.Text.Json;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Temporal.Exceptions;
using Temporalio.Api.Enums.V1;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate status ID [--json]</c>: the graduation's state and its <c>status</c> query answer.</summary>
public sealed class StatusCommand : Command
{
    public static readonly Argument<string> IdArgument = GraduationIdArgument.Create();

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public StatusCommand(CliContext context, ConfigStore store, TimeProvider time)
        : base("status", "Show a graduation's phase, apps, hooks and errors")
    {
        Arguments.Add(IdArgument);
        Options.Add(JsonOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var id = GraduationContract.NormalizeId(parseResult.GetRequiredValue(IdArgument));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, store.Load(), ct).ConfigureAwait(false);
            using var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            var handle = client.GetHandle(id);
            Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionResponse describe;
            try
            {
                describe = await handle.DescribeAsync(ct).ConfigureAwait(false);
            }
            catch (NotFoundException e)
            {
                throw new CliException(ExitCodes.UsageError, $"There is no graduation {id}: see the graduations with `graduate list`.", e);
            }

            var info = describe.WorkflowExecutionInfo;
            var running = info.Status == WorkflowExecutionStatus.Running;

            // An ended graduation has a result that says how it really ended (the workflow completes also when
            // the graduation failed), and needs no worker to read.
            JsonElement? result = null;
            string? error = null;
            if (!running)
            {
                try
                {
                    result = await handle.GetResultAsync<JsonElement>(ct).ConfigureAwait(false);
                }
                catch (WorkflowFailedException e)
                {
                    error = e.InnerException?.Message ?? e.Message;
                }
            }

            var status = await GraduationWatcher.TryQueryAsync(handle, ct).ConfigureAwait(false);
            var outcome = running ? GraduationOutcome.Name(info.Status) : GraduationOutcome.Of(info.Status, result).Name;
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(new
                {
                    id,
                    runId = info.Execution.RunId,
                    outcome,
                    startTime = info.StartTime?.ToDateTimeOffset(),
                    closeTime = info.CloseTime?.ToDateTimeOffset(),
                    status,
                    result,
                    error,
                })).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            await context.Out.WriteLineAsync($"{id}: {outcome} (started {info.StartTime?.ToDateTimeOffset():u}, run {info.Execution.RunId})").ConfigureAwait(false);
            if (status is { } current)
            {
                await context.Out.WriteAsync(StatusRenderer.Render(current, time.GetUtcNow())).ConfigureAwait(false);
            }
            else if (result is { ValueKind: JsonValueKind.Object } summary)
            {
                await context.Out.WriteAsync(StatusRenderer.Render(summary, time.GetUtcNow())).ConfigureAwait(false);
            }
            else if (running)
            {
                await context.Out.WriteLineAsync("No worker answered the status query: start one with `graduate worker`.").ConfigureAwait(false);
            }

            if (error is not null)
            {
                await context.Out.WriteLineAsync("error: " + error).ConfigureAwait(false);
            }

            return ExitCodes.Succeeded;
        });
    }
}
