using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;
using Graduate.Cli.Plans;
using Graduate.Dokku;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate plan SRC DST [--apps a,b] [--json]</c>: what <c>graduate start SRC DST</c> would do, read from both
/// hosts; changes nothing on either.
/// </summary>
public sealed class PlanCommand : Command
{
    public static readonly Argument<string> SourceArgument = new("source") { Description = "Environment apps would graduate from" };

    public static readonly Argument<string> DestinationArgument = new("destination") { Description = "Environment apps would graduate to" };

    public static readonly Option<string?> AppsOption = new("--apps")
    {
        Description = "Comma-separated apps to plan for (default: every app on the source)",
    };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public PlanCommand(CliContext context, ConfigStore store)
        : base("plan", "Show what `graduate start SRC DST` would promote, skip and refuse, the commits, config drift and hooks; changes nothing")
    {
        Arguments.Add(SourceArgument);
        Arguments.Add(DestinationArgument);
        Options.Add(AppsOption);
        Options.Add(JsonOption);
        SetAction(async (parseResult, ct) =>
        {
            var input = StartCommand.BuildInput(
                store.Load(),
                DokkuNames.Environment(parseResult.GetRequiredValue(SourceArgument)),
                DokkuNames.Environment(parseResult.GetRequiredValue(DestinationArgument)),
                parseResult.GetValue(AppsOption));
            var plan = await GraduationPlanner.PlanAsync(
                DokkuHosts.For(context, input.Source.Url),
                DokkuHosts.For(context, input.Destination.Url),
                input,
                ct).ConfigureAwait(false);
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(plan)).ConfigureAwait(false);
            }
            else
            {
                PlanRenderer.Write(plan, context.Out, context.IsTerminal);
            }

            return ExitCodes.Succeeded;
        });
    }
}
