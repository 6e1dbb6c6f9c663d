using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate hooks rm PRE|POST INDEX</c> (INDEX as <c>hooks list</c> shows it, from 1).</summary>
public sealed class HooksRemoveCommand : Command
{
    public static readonly Argument<HookKind> KindArgument = HookKindArgument.Create();

    public static readonly Argument<int> IndexArgument = new("index") { Description = "Hook number as `graduate hooks list` shows it" };

    public HooksRemoveCommand(CliContext context, ConfigStore store)
        : base("rm", "Remove a hook by its index")
    {
        Aliases.Add("remove");
        Arguments.Add(KindArgument);
        Arguments.Add(IndexArgument);
        SetAction(async (parseResult, ct) =>
        {
            var kind = parseResult.GetRequiredValue(KindArgument);
            var index = parseResult.GetRequiredValue(IndexArgument);
            var name = HookKindArgument.Display(kind);
            string removed = "";
            store.Update(c =>
            {
                var hooks = c.Hooks(kind);
                if (index < 1 || index > hooks.Count)
                {
                    throw new CliException(
                        ExitCodes.UsageError,
                        hooks.Count == 0
                            ? $"There are no {name} hooks to remove: see `graduate hooks list {name}`."
                            : $"There is no {name} hook {index} (they are numbered 1 to {hooks.Count}): see `graduate hooks list {name}`.");
                }

                removed = hooks[index - 1];
                return c.WithHooks(kind, [.. hooks.Where((_, i) => i != index - 1)]);
            });
            await context.Out.WriteLineAsync($"Removed {name} hook {index}: {removed}").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
