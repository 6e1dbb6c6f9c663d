using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.Temporal;
using Graduate.Dokku;
using Graduate.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate start SRC DST [--apps a,b] [--wait] [--json]</c>: starts the Graduation workflow
/// <c>graduate-DST</c> with the environments and hooks from graduate.yml.
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

    public StartCommand(CliContext context, ConfigStore store, TimeProvider time)
        : base("start", "Start graduating every app (or --apps) from one environment to the next")
    {
        Arguments.Add(SourceArgument);
        Arguments.Add(DestinationArgument);
        Options.Add(AppsOption);
        Options.Add(WaitOption);
        Options.Add(JsonOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var input = BuildInput(
                config,
                parseResult.GetRequiredValue(SourceArgument),
                parseResult.GetRequiredValue(DestinationArgument),
                parseResult.GetValue(AppsOption));
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, config, ct).ConfigureAwait(false);
            var json = parseResult.GetValue(JsonOption);
            var id = GraduationContract.IdFor(input.Destination.Name);
            var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
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
                    $"A graduation to {input.Destination.Name} is already running ({id}, run {e.RunId}): follow it with `graduate watch {id}` or stop it with `graduate cancel {id}`.",
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
                    url = link,
                })).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"Started graduation {input.Source.Name} -> {input.Destination.Name}: {id}").ConfigureAwait(false);
                await context.Out.WriteLineAsync($"Web UI: {link}").ConfigureAwait(false);
            }

            if (!parseResult.GetValue(WaitOption))
            {
                return ExitCodes.Succeeded;
            }

            return await new GraduationWatcher(client, context, time).WatchAsync(id, json, ct).ConfigureAwait(false);
        });
    }

    /// <summary>The workflow input from graduate.yml and the command line (exposed for tests).</summary>
    public static GraduationInput BuildInput(GraduateConfig config, string source, string destination, string? apps)
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

        return new GraduationInput(
            new EnvironmentRef(from.Name, from.Url),
            new EnvironmentRef(to.Name, to.Url),
            appList,
            config.PreHooks,
            config.PostHooks);
    }
}
