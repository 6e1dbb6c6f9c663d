using System.CommandLine;

namespace Graduate.Cli.Commands;

/// <summary><c>graduate</c>: every command, as registered in DI.</summary>
public sealed class GraduateRootCommand : RootCommand
{
    public GraduateRootCommand(
        EnvCommand env,
        HooksCommand hooks,
        StateCommand state,
        PlanCommand plan,
        StartCommand start,
        RollbackCommand rollback,
        StatusCommand status,
        WatchCommand watch,
        ListCommand list,
        HistoryCommand history,
        CancelCommand cancel,
        ApproveCommand approve,
        RejectCommand reject,
        WorkerCommand worker,
        DemoCommand demo)
        : base("graduate: promote a whole set of Dokku apps from one environment to the next, all or nothing, on Temporal.")
    {
        Subcommands.Add(env);
        Subcommands.Add(hooks);
        Subcommands.Add(state);
        Subcommands.Add(plan);
        Subcommands.Add(start);
        Subcommands.Add(rollback);
        Subcommands.Add(status);
        Subcommands.Add(watch);
        Subcommands.Add(list);
        Subcommands.Add(history);
        Subcommands.Add(cancel);
        Subcommands.Add(approve);
        Subcommands.Add(reject);
        Subcommands.Add(worker);
        Subcommands.Add(demo);
    }
}
