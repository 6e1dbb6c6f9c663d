using System.CommandLine;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate env</c>: the environments apps graduate between.</summary>
public sealed class EnvCommand : Command
{
    public EnvCommand(EnvAddCommand add, EnvListCommand list, EnvRemoveCommand remove, EnvLinkCommand link)
        : base("env", "Manage environments (name -> Dokku host)")
    {
        Subcommands.Add(add);
        Subcommands.Add(list);
        Subcommands.Add(remove);
        Subcommands.Add(link);
    }
}
