using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Temporalio.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate cancel ID [--reason TEXT]</c>: sends the workflow's <c>cancel</c> signal. Before go-live it
/// aborts every gate; once go-live has begun the graduation finishes and its status says the cancel came too late.
/// </summary>
public sealed class CancelCommand : Command
{
    public static readonly Argument<string> IdArgument = GraduationIdArgument.Create();

    public static readonly Option<string?> ReasonOption = new("--reason") { Description = "Why, recorded in the graduation's history" };

    public CancelCommand(CliContext context, ConfigStore store)
        : base("cancel", "Ask a running graduation to cancel (nothing goes live)")
    {
        Arguments.Add(IdArgument);
        Options.Add(ReasonOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var id = GraduationContract.NormalizeId(parseResult.GetRequiredValue(IdArgument));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, store.Load(), ct).ConfigureAwait(false);
            var client = await TemporalConnector.ConnectAsync(settings, context, ct).ConfigureAwait(false);
            try
            {
                await client.GetWorkflowHandle(id).SignalAsync(
                    GraduationContract.CancelSignal,
                    [parseResult.GetValue(ReasonOption)],
                    new() { Rpc = new() { CancellationToken = ct } }).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                throw new CliException(ExitCodes.UsageError, $"There is no running graduation {id}: see the graduations with `graduate list`.", e);
            }

            await context.Out.WriteLineAsync($"Asked {id} to cancel: follow it with `graduate watch {id}`.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
