using System.CommandLine;
using System.Text.Json;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Temporal.Exceptions;

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
            var settings = TemporalOptions.Resolve(parseResult, context, store.Load());
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
            var status = await GraduationWatcher.TryQueryAsync(handle, ct).ConfigureAwait(false);
            // The workflow completes also when the graduation failed: its status says how it really ended.
            var outcome = status is { ValueKind: JsonValueKind.Object } s0 && s0.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String
                ? o.GetString()!
                : GraduationOutcome.Name(info.Status);
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
                })).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            await context.Out.WriteLineAsync($"{id}: {outcome} (started {info.StartTime?.ToDateTimeOffset():u}, run {info.Execution.RunId})").ConfigureAwait(false);
            await context.Out.WriteAsync(status is { } s
                ? StatusRenderer.Render(s, time.GetUtcNow())
                : "no worker answered the status query: start one with `graduate worker`.\n").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
