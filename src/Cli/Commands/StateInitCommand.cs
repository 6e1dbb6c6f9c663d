using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate state init ENV</c>: creates the state repo on the environment's host.</summary>
public sealed class StateInitCommand : Command
{
    public static readonly Argument<string> EnvironmentArgument = new("environment") { Description = "Environment whose host gets the repo" };

    public StateInitCommand(CliContext context, ConfigStore store)
        : base("init", "Create the environment state repo and commit the current state")
    {
        Arguments.Add(EnvironmentArgument);
        SetAction(async (parseResult, ct) =>
        {
            var environment = ConfigStore.RequireEnvironment(store.Load(), parseResult.GetRequiredValue(EnvironmentArgument));
            await DokkuHosts.For(context, environment).StateInitAsync(ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Initialized the environment state repo of {environment.Name}.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
