using System.CommandLine;
using Graduate.Cli.Commands;
using Graduate.Cli.Configuration;
using Graduate.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Graduate.Cli;

/// <summary>Builds the command tree in DI and runs one command line, mapping every outcome to <see cref="ExitCodes"/>.</summary>
public static class GraduateCli
{
    /// <summary>The CLI's services; <paramref name="configure"/> may replace some (tests swap the worker's registration).</summary>
    public static ServiceProvider BuildServices(CliContext context, Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(context);
        services.AddSingleton(WorkerRegistration.Graduate);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigStore>();
        services.AddSingleton<EnvAddCommand>();
        services.AddSingleton<EnvListCommand>();
        services.AddSingleton<EnvRemoveCommand>();
        services.AddSingleton<EnvLinkCommand>();
        services.AddSingleton<EnvCommand>();
        services.AddSingleton<HooksAddCommand>();
        services.AddSingleton<HooksListCommand>();
        services.AddSingleton<HooksRemoveCommand>();
        services.AddSingleton<HooksCommand>();
        services.AddSingleton<StateInitCommand>();
        services.AddSingleton<StateStatusCommand>();
        services.AddSingleton<StateCommand>();
        services.AddSingleton<PlanCommand>();
        services.AddSingleton<StartCommand>();
        services.AddSingleton<RollbackCommand>();
        services.AddSingleton<StatusCommand>();
        services.AddSingleton<WatchCommand>();
        services.AddSingleton<ListCommand>();
        services.AddSingleton<HistoryCommand>();
        services.AddSingleton<CancelCommand>();
        services.AddSingleton<ApproveCommand>();
        services.AddSingleton<RejectCommand>();
        services.AddSingleton<WorkerCommand>();
        services.AddSingleton<DemoCommand>();
        services.AddSingleton<GraduateRootCommand>();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs <paramref name="args"/> as the <c>graduate</c> executable would.</summary>
    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context, CancellationToken ct = default)
    {
        await using var services = BuildServices(context);
        return await InvokeAsync(services, args, ct).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="args"/> on the root command of <paramref name="services"/>.</summary>
    public static async Task<int> InvokeAsync(IServiceProvider services, IReadOnlyList<string> args, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var context = services.GetRequiredService<CliContext>();
        var root = services.GetRequiredService<GraduateRootCommand>();
        return await InvokeAsync(root.Parse(args), context, ct).ConfigureAwait(false);
    }

    /// <summary>Runs a command line given as one string (split as a shell would), e.g. <c>env add staging dokku@host</c>.</summary>
    public static async Task<int> InvokeAsync(string commandLine, CliContext context, CancellationToken ct = default)
    {
        await using var services = BuildServices(context);
        var root = services.GetRequiredService<GraduateRootCommand>();
        return await InvokeAsync(root.Parse(commandLine), context, ct).ConfigureAwait(false);
    }

    private static async Task<int> InvokeAsync(ParseResult parseResult, CliContext context, CancellationToken ct)
    {
        if (parseResult.Errors.Count > 0)
        {
            var help = string.Join(' ', ["graduate", .. CommandPath(parseResult), "--help"]);
            foreach (var error in parseResult.Errors)
            {
                await context.Error.WriteLineAsync($"{error.Message.TrimEnd('.')}: see `{help}`.").ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }

        try
        {
            return await parseResult.InvokeAsync(
                new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false },
                ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Interrupted: a graduation already started goes on in Temporal; see it with `graduate list`.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            var (code, message) = ErrorTranslator.Translate(e);
            await context.Error.WriteLineAsync(message).ConfigureAwait(false);
            return code;
        }
    }

    private static Stack<string> CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
