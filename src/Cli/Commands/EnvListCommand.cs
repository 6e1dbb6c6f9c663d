using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate env list [--json]</c>.</summary>
public sealed class EnvListCommand : Command
{
    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public EnvListCommand(CliContext context, ConfigStore store)
        : base("list", "List environments")
    {
        Aliases.Add("ls");
        Options.Add(JsonOption);
        SetAction(async (parseResult, ct) =>
        {
            var environments = store.Load().Environments;
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(environments.Select(e => new { name = e.Name, url = e.Url }))).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            if (environments.Count == 0)
            {
                await context.Out.WriteLineAsync("No environments yet: add one with `graduate env add NAME dokku@HOST`.").ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            var width = environments.Max(e => e.Name.Length);
            foreach (var environment in environments)
            {
                await context.Out.WriteLineAsync($"{environment.Name.PadRight(width)}  {environment.Url}").ConfigureAwait(false);
            }

            return ExitCodes.Succeeded;
        });
    }
}
