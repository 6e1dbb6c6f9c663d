using System.CommandLine;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate state</c>: the environment state git repo on a host.</summary>
public sealed class StateCommand : Command
{
    public StateCommand(StateInitCommand init, StateStatusCommand status)
        : base("state", "The environment state repo (config and reports, tagged on each graduation)")
    {
        Subcommands.Add(init);
        Subcommands.Add(status);
    }
}
