using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Temporalio.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate watch ID [--json]</c>: live progress until the graduation ends; exits by its outcome.</summary>
public sealed class WatchCommand : Command
{
    public static readonly Argument<string> IdArgument = GraduationIdArgument.Create();

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print each status change, then the outcome, as JSON lines" };

    public WatchCommand(CliContext context, ConfigStore store, TimeProvider time)
        : base("watch", "Follow a graduation live until it ends")
    {
        Arguments.Add(IdArgument);
        Options.Add(JsonOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var id = GraduationContract.NormalizeId(parseResult.GetRequiredValue(IdArgument));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, store.Load(), ct).ConfigureAwait(false);
            var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            try
            {
                return await new GraduationWatcher(client, context, time).WatchAsync(id, parseResult.GetValue(JsonOption), ct).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                throw new CliException(ExitCodes.UsageError, $"There is no graduation {id}: see the graduations with `graduate list`.", e);
            }
        });
    }
}
