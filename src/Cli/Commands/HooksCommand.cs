using System.CommandLine;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate hooks</c>: PRE and POST hooks, run on the source host with bash -e.</summary>
public sealed class HooksCommand : Command
{
    public HooksCommand(HooksAddCommand add, HooksListCommand list, HooksRemoveCommand remove)
        : base("hooks", "Manage PRE and POST hooks (shell lines run with bash -e on the source host)")
    {
        Subcommands.Add(add);
        Subcommands.Add(list);
        Subcommands.Add(remove);
    }
}
