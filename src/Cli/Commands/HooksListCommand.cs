using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate hooks list PRE|POST [--json]</c>: numbered from 1, as the plugin did.</summary>
public sealed class HooksListCommand : Command
{
    public static readonly Argument<HookKind> KindArgument = HookKindArgument.Create();

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public HooksListCommand(CliContext context, ConfigStore store)
        : base("list", "List hooks of one kind with their index")
    {
        Aliases.Add("ls");
        Arguments.Add(KindArgument);
        Options.Add(JsonOption);
        SetAction(async (parseResult, ct) =>
        {
            var kind = parseResult.GetRequiredValue(KindArgument);
            var hooks = store.Load().Hooks(kind);
            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(hooks.Select((h, i) => new { index = i + 1, command = h }))).ConfigureAwait(false);
                return ExitCodes.Succeeded;
            }

            if (hooks.Count == 0)
            {
                await context.Out.WriteLineAsync($"No {HookKindArgument.Display(kind)} hooks: add one with `graduate hooks add {HookKindArgument.Display(kind)} COMMAND`.").ConfigureAwait(false);
            }

            for (var i = 0; i < hooks.Count; i++)
            {
                await context.Out.WriteLineAsync($"{i + 1}. {hooks[i]}").ConfigureAwait(false);
            }

            return ExitCodes.Succeeded;
        });
    }
}
