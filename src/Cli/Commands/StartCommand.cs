using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Hosts;
using Graduate.Cli.Plans;
using Graduate.Cli.Temporal;
using Graduate.Dokku;
using Graduate.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate start SRC DST [--apps a,b] [--wait] [--json] [--yes] [--allow-config-drift]</c>: starts the Graduation
/// workflow <c>graduate-DST</c> with the environments and hooks from graduate.yml; in a terminal it shows the plan and asks first.
/// </summary>
public sealed class StartCommand : Command
{
    public static readonly Argument<string> SourceArgument = new("source") { Description = "Environment apps graduate from" };

    public static readonly Argument<string> DestinationArgument = new("destination") { Description = "Environment apps graduate to" };

    public static readonly Option<string?> AppsOption = new("--apps")
    {
        Description = "Comma-separated apps to graduate (default: every app on the source)",
    };

    public static readonly Option<bool> WaitOption = new("--wait") { Description = "Follow the graduation and exit by its outcome" };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public static readonly Option<bool> ApprovalOption = new("--approval")
    {
        Description = "Hold every app staged after the POST hooks until `graduate approve DST` (also: approval: required in graduate.yml)",
    };

    public static readonly Option<string?> ApprovalTimeoutOption = new("--approval-timeout")
    {
        Description = "How long to wait for the approval before tearing down, e.g. 30m, 2h (default: the destination's approvalTimeout, else 30m)",
    };

    public static readonly Option<bool> YesOption = new("--yes", "-y")
    {
        Description = "Start without showing the plan and asking (a terminal asks \"Continue? [y/N]\"; a pipe never asks)",
    };

    public static readonly Option<bool> AllowConfigDriftOption = new("--allow-config-drift")
    {
        Description = "Graduate even when config keys set on the source are missing on the destination",
    };

    public StartCommand(CliContext context, ConfigStore store, TimeProvider time)
        : base("start", "Start graduating every app (or --apps) from one environment to the next")
    {
        Arguments.Add(SourceArgument);
        Arguments.Add(DestinationArgument);
        Options.Add(AppsOption);
        Options.Add(WaitOption);
        Options.Add(JsonOption);
        Options.Add(ApprovalOption);
        Options.Add(ApprovalTimeoutOption);
        Options.Add(YesOption);
        Options.Add(AllowConfigDriftOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var input = BuildInput(
                config,
                parseResult.GetRequiredValue(SourceArgument),
                parseResult.GetRequiredValue(DestinationArgument),
                parseResult.GetValue(AppsOption),
                parseResult.GetValue(ApprovalOption),
                parseResult.GetValue(ApprovalTimeoutOption),
                parseResult.GetValue(AllowConfigDriftOption));
            var json = parseResult.GetValue(JsonOption);
            if (context.IsTerminal && !parseResult.GetValue(YesOption) && !await ConfirmAsync(context, input, null, json, ct).ConfigureAwait(false))
            {
                await context.Error.WriteLineAsync($"Nothing started: answer y to graduate {input.Source.Name} -> {input.Destination.Name}, or pass --yes.").ConfigureAwait(false);
                return ExitCodes.Declined;
            }

            return await StartAsync(parseResult, context, config, time, input, json, parseResult.GetValue(WaitOption), ct).ConfigureAwait(false);
        });
    }

    /// <summary>
    /// Starts the Graduation workflow <c>graduate-DST</c> with <paramref name="input"/> (a graduation or a rollback), says
    /// so with the Web UI link, and with <paramref name="wait"/> follows it and exits by its outcome.
    /// </summary>
    internal static async Task<int> StartAsync(ParseResult parseResult, CliContext context, GraduateConfig config, TimeProvider time, GraduationInput input, bool json, bool wait, CancellationToken ct)
    {
        var what = input.RollbackTo is { } tag ? $"rollback of {input.Destination.Name} to {tag}" : $"graduation {input.Source.Name} -> {input.Destination.Name}";
        var settings = await TemporalOptions.ResolveAsync(parseResult, context, config, ct).ConfigureAwait(false);
        var id = GraduationContract.IdFor(input.Destination.Name);
        var client = await TemporalConnector.ConnectAsync(settings, context, ct).ConfigureAwait(false);
        WorkflowHandle handle;
        try
        {
            handle = await client.StartWorkflowAsync(
                GraduationContract.WorkflowType,
                [input],
                new WorkflowOptions(id, settings.TaskQueue)
                {
                    IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
                    Rpc = new() { CancellationToken = ct },
                }).ConfigureAwait(false);
        }
        catch (WorkflowAlreadyStartedException e)
        {
            throw new CliException(
                ExitCodes.UsageError,
                $"A graduation or rollback of {input.Destination.Name} is already running ({id}, run {e.RunId}): follow it with `graduate watch {id}` or stop it with `graduate cancel {id}`.",
                e);
        }

        var link = GraduationContract.WebUiLink(TemporalOptions.ResolveUi(parseResult, context, config, settings), settings.Namespace, id);
        if (json)
        {
            await context.Out.WriteLineAsync(CliJson.Serialize(new
            {
                id,
                runId = handle.FirstExecutionRunId ?? handle.ResultRunId,
                source = input.Source.Name,
                destination = input.Destination.Name,
                apps = input.Apps,
                approval = input.Approval,
                approvalTimeoutSeconds = input.Approval ? input.ApprovalTimeoutSeconds : (int?)null,
                rollbackTo = input.RollbackTo,
                url = link,
            })).ConfigureAwait(false);
        }
        else
        {
            await context.Out.WriteLineAsync($"Started {what}: {id}").ConfigureAwait(false);
            await context.Out.WriteLineAsync($"Web UI: {link}").ConfigureAwait(false);
            if (input.Approval)
            {
                await context.Out.WriteLineAsync(
                    $"Approval required: once every app is staged it waits up to {Durations.Format(TimeSpan.FromSeconds(input.ApprovalTimeoutSeconds))} for `graduate approve {input.Destination.Name}` (or `graduate reject {input.Destination.Name} --reason ...`).").ConfigureAwait(false);
            }
        }

        if (!wait)
        {
            return ExitCodes.Succeeded;
        }

        return await new GraduationWatcher(client, context, time).WatchAsync(id, json, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Shows the plan and asks "Continue? [y/N]" on the terminal (on stderr with --json, so stdout stays JSON);
    /// only y or yes goes on. Nothing has connected to Temporal yet, so a "no" leaves nothing behind.
    /// </summary>
    internal static async Task<bool> ConfirmAsync(CliContext context, GraduationInput input, Activities.StateManifest? rollbackTo, bool json, CancellationToken ct)
    {
        var output = json ? context.Error : context.Out;
        var plan = await GraduationPlanner.PlanAsync(
            DokkuHosts.For(context, input.Source.Url),
            DokkuHosts.For(context, input.Destination.Url),
            input,
            ct,
            rollbackTo).ConfigureAwait(false);
        PlanRenderer.Write(plan, output, terminal: true);
        await output.WriteAsync("Continue? [y/N] ").ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
        var answer = await context.In.ReadLineAsync(ct).ConfigureAwait(false);
        return answer?.Trim().ToUpperInvariant() is "Y" or "YES";
    }

    /// <summary>The workflow input from graduate.yml and the command line (exposed for tests).</summary>
    /// <param name="config">graduate.yml.</param>
    /// <param name="source">SRC.</param>
    /// <param name="destination">DST; its <c>approval: required</c> turns approval on.</param>
    /// <param name="apps">--apps.</param>
    /// <param name="approval">--approval.</param>
    /// <param name="approvalTimeout">--approval-timeout (implies --approval).</param>
    /// <param name="allowConfigDrift">--allow-config-drift.</param>
    public static GraduationInput BuildInput(GraduateConfig config, string source, string destination, string? apps, bool approval = false, string? approvalTimeout = null, bool allowConfigDrift = false)
    {
        ArgumentNullException.ThrowIfNull(config);
        var from = ConfigStore.RequireEnvironment(config, source);
        var to = ConfigStore.RequireEnvironment(config, destination);
        if (from == to)
        {
            throw new CliException(ExitCodes.UsageError, $"Source and destination are both '{from.Name}': graduate from one environment to another.");
        }

        List<string>? appList = null;
        if (apps is not null)
        {
            appList = [.. apps.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(DokkuNames.App).Distinct(StringComparer.Ordinal)];
            if (appList.Count == 0)
            {
                throw new CliException(ExitCodes.UsageError, "--apps names no app: give app names separated by commas (e.g. --apps portal,webservices), or leave it out to graduate every app.");
            }
        }

        TimeSpan? timeout = null;
        if (approvalTimeout is not null)
        {
            timeout = Durations.TryParse(approvalTimeout, out var parsed) && parsed > TimeSpan.Zero && parsed <= EnvironmentEntry.LongestApprovalTimeout
                ? parsed
                : throw new CliException(ExitCodes.UsageError, $"--approval-timeout '{approvalTimeout}' is not a duration from 1s to 168h: write e.g. 30m, 2h or 900s.");
        }

        var input = new GraduationInput(
            new EnvironmentRef(from.Name, from.Url),
            new EnvironmentRef(to.Name, to.Url),
            appList,
            config.PreHooks,
            config.PostHooks,
            AllowConfigDrift: allowConfigDrift,
            EnvironmentSpecificConfig: to.EnvironmentSpecificConfig.Count > 0 ? to.EnvironmentSpecificConfig : null);
        if (!approval && timeout is null && !to.ApprovalRequired)
        {
            return input;
        }

        var wait = timeout ?? to.ApprovalTimeout ?? EnvironmentEntry.DefaultApprovalTimeout;
        return input with { Approval = true, ApprovalTimeoutSeconds = (int)wait.TotalSeconds };
    }
}
