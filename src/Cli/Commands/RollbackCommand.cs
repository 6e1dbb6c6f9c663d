using System.CommandLine;
using Graduate.Activities;
using Graduate.Cli.Configuration;
using Graduate.Cli.Hosts;
using Graduate.Cli.Temporal;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;

namespace Graduate.Cli.Commands;

/// <summary>
/// <c>graduate rollback DST [--to TAG] [--apps a,b] [--from SRC] [--no-hooks] [--yes] [--wait] [--json]</c>: puts every app
/// of DST back on its release in a state tag (by default the tag before DST's newest), all together, through the same
/// gates as a graduation: the Graduation workflow <c>graduate-DST</c> with <c>rollbackTo</c> in its input.
/// </summary>
public sealed class RollbackCommand : Command
{
    public static readonly Argument<string> DestinationArgument = new("destination") { Description = "Environment to roll back" };

    public static readonly Option<string?> ToOption = new("--to")
    {
        Description = "The state tag to roll back to, e.g. production/20261129120000 (default: the tag before the newest)",
    };

    public static readonly Option<string?> AppsOption = new("--apps")
    {
        Description = "Comma-separated apps to roll back (default: every app in the tag)",
    };

    public static readonly Option<string?> FromOption = new("--from")
    {
        Description = "The environment whose state repository holds the tags and which pushes the releases (default: the one before DST in graduate.yml)",
    };

    public static readonly Option<bool> NoHooksOption = new("--no-hooks") { Description = "Run no PRE or POST hook" };

    public static readonly Option<bool> WaitOption = new("--wait") { Description = "Follow the rollback and exit by its outcome" };

    public static readonly Option<bool> JsonOption = new("--json") { Description = "Print JSON" };

    public static readonly Option<bool> YesOption = new("--yes", "-y")
    {
        Description = "Start without showing the plan and asking (a terminal asks \"Continue? [y/N]\"; a pipe never asks)",
    };

    public RollbackCommand(CliContext context, ConfigStore store, TimeProvider time)
        : base("rollback", "Roll an environment back to a state tag: every app at its release there, live together, through the gates")
    {
        Arguments.Add(DestinationArgument);
        Options.Add(ToOption);
        Options.Add(AppsOption);
        Options.Add(FromOption);
        Options.Add(NoHooksOption);
        Options.Add(WaitOption);
        Options.Add(JsonOption);
        Options.Add(YesOption);
        TemporalOptions.AddTo(this);
        SetAction(async (parseResult, ct) =>
        {
            var config = store.Load();
            var destination = ConfigStore.RequireEnvironment(config, DokkuNames.Environment(parseResult.GetRequiredValue(DestinationArgument)));
            var to = parseResult.GetValue(ToOption) is { } given ? RequireTagOf(destination.Name, given) : null;
            var source = Source(config, destination, parseResult.GetValue(FromOption));
            var input = StartCommand.BuildInput(config, source.Name, destination.Name, parseResult.GetValue(AppsOption));
            if (parseResult.GetValue(NoHooksOption))
            {
                input = input with { PreHooks = null, PostHooks = null };
            }

            // Every check above is local; the tags are the first thing read from a host.
            var manifest = await TagAsync(context, source, destination.Name, to, ct).ConfigureAwait(false);
            input = input with { RollbackTo = manifest.Tag };
            var json = parseResult.GetValue(JsonOption);
            if (context.IsTerminal && !parseResult.GetValue(YesOption) && !await StartCommand.ConfirmAsync(context, input, manifest, json, ct).ConfigureAwait(false))
            {
                await context.Error.WriteLineAsync($"Nothing started: answer y to roll {destination.Name} back to {manifest.Tag}, or pass --yes.").ConfigureAwait(false);
                return ExitCodes.Declined;
            }

            return await StartCommand.StartAsync(parseResult, context, config, time, input, json, parseResult.GetValue(WaitOption), ct).ConfigureAwait(false);
        });
    }

    /// <summary>A valid tag name of <paramref name="destination"/> (<c>DST/...</c>), or a usage error before any connection.</summary>
    internal static string RequireTagOf(string destination, string tag)
    {
        var valid = DokkuNames.Tag(tag);
        return valid.StartsWith(destination + "/", StringComparison.Ordinal)
            ? valid
            : throw new CliException(ExitCodes.UsageError, $"Tag '{tag}' is not a tag of {destination}: {destination}'s tags are named {destination}/TIMESTAMP (see `graduate history {destination}`).");
    }

    private static EnvironmentEntry Source(GraduateConfig config, EnvironmentEntry destination, string? from)
    {
        if (from is not null)
        {
            var source = ConfigStore.RequireEnvironment(config, DokkuNames.Environment(from));
            return source != destination
                ? source
                : throw new CliException(ExitCodes.UsageError, $"--from {from} is the environment being rolled back: name the environment that graduates to it (its state repository holds {destination.Name}'s tags).");
        }

        return ConfigStore.SourceBefore(config, destination.Name) ?? throw new CliException(
            ExitCodes.UsageError,
            $"{destination.Name} is the first environment in graduate.yml, so no environment graduates to it by default: pass --from SRC, the environment whose state repository holds {destination.Name}'s tags.");
    }

    /// <summary>The manifest of <paramref name="to"/>, or of the tag before the newest, from the source's state repository.</summary>
    private static async Task<StateManifest> TagAsync(CliContext context, EnvironmentEntry source, string destination, string? to, CancellationToken ct)
    {
        IReadOnlyList<StateTag> tags;
        try
        {
            tags = await DokkuHosts.For(context, source).GetStateTagsAsync(destination, ct).ConfigureAwait(false);
        }
        catch (DokkuCommandException e)
        {
            throw new CliException(
                ExitCodes.ConfigurationError,
                $"{source.Name}'s state repository cannot be read ({(e.ErrorMessage.Length > 0 ? e.ErrorMessage : e.Message).Trim()}): run `graduate state init {source.Name}`, or pass --from with the environment that graduates to {destination}.",
                e);
        }

        StateTag tag;
        if (to is not null)
        {
            tag = tags.FirstOrDefault(t => t.Tag == to) ?? throw new CliException(
                ExitCodes.UsageError,
                tags.Count == 0
                    ? $"Unknown tag '{to}': {source.Name}'s state repository has no tag of {destination} yet."
                    : $"Unknown tag '{to}': {source.Name}'s state repository has {string.Join(", ", tags.Take(5).Select(t => t.Tag))}{(tags.Count > 5 ? ", ..." : "")} (see `graduate history {destination}`).");
        }
        else
        {
            tag = tags.Count >= 2 ? tags[1] : throw new CliException(
                ExitCodes.UsageError,
                tags.Count == 0
                    ? $"{destination} has no state tag in {source.Name}'s state repository yet: there is nothing to roll back to."
                    : $"{destination} has only one state tag ({tags[0].Tag}), its current release: there is nothing before it to roll back to.");
        }

        var manifest = StateManifest.Read(tag);
        return manifest.Apps.Count > 0
            ? manifest
            : throw new CliException(ExitCodes.UsageError, $"Tag {tag.Tag} has no manifest of apps and releases (was it made by hand?): choose another with --to.");
    }
}
