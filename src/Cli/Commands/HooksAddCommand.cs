using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate hooks add PRE|POST COMMAND...</c>: appends a hook (words after the kind are joined with spaces).</summary>
public sealed class HooksAddCommand : Command
{
    public static readonly Argument<HookKind> KindArgument = HookKindArgument.Create();

    public static readonly Argument<string[]> CommandArgument = new("command")
    {
        Description = "Shell line to run; quote it, or put -- before it when it has options",
        Arity = ArgumentArity.OneOrMore,
    };

    public HooksAddCommand(CliContext context, ConfigStore store)
        : base("add", "Add a hook; it runs after the existing ones of its kind")
    {
        Arguments.Add(KindArgument);
        Arguments.Add(CommandArgument);
        SetAction(async (parseResult, ct) =>
        {
            var kind = parseResult.GetRequiredValue(KindArgument);
            var command = string.Join(' ', parseResult.GetRequiredValue(CommandArgument)).Trim();
            if (command.Length == 0 || command.Any(c => c is '\n' or '\r'))
            {
                throw new CliException(ExitCodes.UsageError, "A hook is one non-empty shell line: put several steps in a script and add the script.");
            }

            var updated = store.Update(c => c.WithHooks(kind, [.. c.Hooks(kind), command]));
            await context.Out.WriteLineAsync($"Added {HookKindArgument.Display(kind)} hook {updated.Hooks(kind).Count}: {command}").ConfigureAwait(false);
            return ExitCodes.Succeeded;
        });
    }
}
