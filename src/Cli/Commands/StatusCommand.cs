using System.CommandLine;
using System.Text.Json;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

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
            var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            var handle = client.GetWorkflowHandle(id);
            WorkflowExecutionDescription describe;
            try
            {
                describe = await handle.DescribeAsync(new() { Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                throw new CliException(ExitCodes.UsageError, $"There is no graduation {id}: see the graduations with `graduate list`.", e);
            }

            var running = describe.Status == WorkflowExecutionStatus.Running;

            // An ended graduation has a result that says how it really ended (the workflow completes also when
            // the graduation failed), and needs no worker to read.
            JsonElement? result = null;
            string? error = null;
            if (!running)
            {
                (result, error) = await GraduationWatcher.ResultAsync(handle, ct).ConfigureAwait(false);
            }

            var status = await GraduationWatcher.TryQueryAsync(handle, ct).ConfigureAwait(false);
            var outcome = running ? GraduationOutcome.Name(describe.Status) : GraduationOutcome.Of(describe.Status, result).Name;
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(new
                {
                    id,
                    runId = describe.RunId,
                    outcome,
                    startTime = new DateTimeOffset(describe.StartTime, TimeSpan.Zero),
                    closeTime = describe.CloseTime is { } closed ? new DateTimeOffset(closed, TimeSpan.Zero) : (DateTimeOffset?)null,
                    status,
                    result,
                    error,
                })).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            await context.Out.WriteLineAsync($"{id}: {outcome} (started {describe.StartTime:u}, run {describe.RunId})").ConfigureAwait(false);
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
