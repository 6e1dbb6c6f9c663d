using System.CommandLine;
using Graduate.Cli.Configuration;
using Graduate.Cli.Graduations;
using Graduate.Cli.History;
using Graduate.Cli.Hosts;
using Graduate.Cli.Temporal;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate history DST [--json] [--limit N] [--from SRC]</c>: every graduation and rollback to DST, newest first, from
/// Temporal's runs (so failed and canceled ones show) joined with DST's tags in SRC's state repo (so runs Temporal no
/// longer keeps show too).
/// </summary>
public sealed class HistoryCommand : Command
{
    /// <summary>How many entries are shown without <c>--limit</c>.</summary>
    public const int DefaultLimit = 20;

    public static readonly Argument<string> DestinationArgument = new("destination") { Description = "Environment whose history to show" };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public static readonly Option<int> LimitOption = new("--limit")
    {
        Description = $"Show at most this many, newest first (default {DefaultLimit})",
        DefaultValueFactory = _ => DefaultLimit,
    };

    public static readonly Option<string?> FromOption = new("--from")
    {
        Description = "Environment whose state repo holds the destination's tags (default: the one listed before it in graduate.yml)",
    };

    public HistoryCommand(CliContext context, ConfigStore store)
        : base("history", "Show every graduation and rollback to an environment, newest first: outcome, who, when, apps, tag, Web UI link")
    {
        Arguments.Add(DestinationArgument);
        Options.Add(JsonOption);
        Options.Add(LimitOption);
        Options.Add(FromOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var destination = ConfigStore.RequireEnvironment(config, DokkuNames.Environment(parseResult.GetRequiredValue(DestinationArgument))).Name;
            var limit = parseResult.GetValue(LimitOption);
            if (limit < 1)
            {
                throw new CliException(ExitCodes.UsageError, $"--limit {limit} shows nothing: give how many entries to show, 1 or more (default {DefaultLimit}).");
            }

            var source = Source(config, destination, parseResult.GetValue(FromOption));

            // The tags come over ssh while Temporal is asked: neither waits for the other.
            var tagsTask = source is null
                ? Task.FromResult<(IReadOnlyList<StateTag>?, string?)>((null, $"Tags of {destination} not read: it is the first environment in graduate.yml, so no state repo is known to hold them; pass --from ENV to read them from ENV's."))
                : ReadTagsAsync(context, source, destination, ct);
            var settings = await TemporalOptions.ResolveAsync(parseResult, context, config, ct).ConfigureAwait(false);
            var client = await TemporalConnector.ConnectAsync(settings, ct).ConfigureAwait(false);
            var ui = TemporalOptions.ResolveUi(parseResult, context, config, settings);
            var runs = await HistoryRuns.ReadAsync(
                client,
                destination,
                limit,
                (id, run) => GraduationContract.WebUiLink(ui, settings.Namespace, id, run),
                ct).ConfigureAwait(false);
            var (tags, warning) = await tagsTask.ConfigureAwait(false);
            var history = new GraduationHistory(
                destination,
                source?.Name,
                tags is not null,
                warning,
                GraduationHistory.Merge(runs, tags ?? [], source?.Name, limit));
            if (warning is not null)
            {
                await context.Error.WriteLineAsync(warning).ConfigureAwait(false);
            }

            if (parseResult.GetValue(JsonOption))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(history)).ConfigureAwait(false);
            }
            else
            {
                HistoryRenderer.Write(history, context.Out, context.IsTerminal);
            }

            return ExitCodes.Succeeded;
        });
    }

    /// <summary>--from, checked like any environment (before anything connects), else the environment listed before DST.</summary>
    private static EnvironmentEntry? Source(GraduateConfig config, string destination, string? from)
    {
        if (from is null)
        {
            return ConfigStore.SourceBefore(config, destination);
        }

        var source = ConfigStore.RequireEnvironment(config, DokkuNames.Environment(from));
        return source.Name == destination
            ? throw new CliException(ExitCodes.UsageError, $"--from {from} is the destination itself: name the environment graduations to {destination} come from, whose state repo holds its tags.")
            : source;
    }

    /// <summary>DST's tags in SRC's state repo, or null and one sentence saying why they could not be read.</summary>
    private static async Task<(IReadOnlyList<StateTag>? Tags, string? Warning)> ReadTagsAsync(CliContext context, EnvironmentEntry source, string destination, CancellationToken ct)
    {
        const string runsOnly = "Listing Temporal's runs only";
        try
        {
            return (await DokkuHosts.For(context, source).GetStateTagsAsync(destination, ct).ConfigureAwait(false), null);
        }
        catch (DokkuCommandException e) when (e.ErrorMessage.Contains("state repo does not exist", StringComparison.Ordinal))
        {
            return (null, $"{runsOnly}: {source.Name} has no state repo to read {destination}'s tags from; create it with `graduate state init {source.Name}` (or pass --from ENV if graduations to {destination} come from another environment).");
        }
        catch (DokkuException e)
        {
            return (null, $"{runsOnly}, no tags of {destination}: {ErrorTranslator.Translate(e).Message}");
        }
    }
}
