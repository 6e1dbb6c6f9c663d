using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate state status ENV [--json]</c>: clean, or the uncommitted paths that would block a graduation.</summary>
public sealed class StateStatusCommand : Command
{
    public static readonly Argument<string> EnvironmentArgument = new("environment") { Description = "Environment to check" };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public StateStatusCommand(CliContext context, ConfigStore store)
        : base("status", "Show whether the environment state repo has uncommitted changes")
    {
        Arguments.Add(EnvironmentArgument);
        Options.Add(JsonOption);
        SetAction(async (parseResult, ct) =>
        {
            var environment = ConfigStore.RequireEnvironment(store.Load(), parseResult.GetRequiredValue(EnvironmentArgument));
            var status = await DokkuHosts.For(context, environment).GetStateStatusAsync(ct).ConfigureAwait(false);
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(new { environment = environment.Name, clean = status.Clean, dirty = status.Dirty })).ConfigureAwait(false);
            }
            else if (status.Clean)
            {
                await context.Out.WriteLineAsync($"{environment.Name}: the environment state is clean.").ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"{environment.Name}: uncommitted changes (a graduation from here is refused until they are committed):").ConfigureAwait(false);
                foreach (var path in status.Dirty)
                {
                    await context.Out.WriteLineAsync("  " + path).ConfigureAwait(false);
                }
            }

            return ExitCodes.Succeeded;
        });
    }
}
