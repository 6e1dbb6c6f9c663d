using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate env rm NAME</c>.</summary>
public sealed class EnvRemoveCommand : Command
{
    public static readonly Argument<string> NameArgument = new("name") { Description = "Environment to remove" };

    public EnvRemoveCommand(CliContext context, ConfigStore store)
        : base("rm", "Remove an environment")
    {
        Aliases.Add("remove");
        Arguments.Add(NameArgument);
        SetAction(async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(NameArgument);
            store.Update(c =>
            {
                var environment = ConfigStore.RequireEnvironment(c, name);
                return c with { Environments = [.. c.Environments.Where(e => e != environment)] };
            });
            await context.Out.WriteLineAsync($"Removed environment {name}.").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
