using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Graduate.Activities;

/// <summary>
/// Checks both hosts and resolves the plan: the plugin answers on both, the source's state repository is clean,
/// and each app's deployed sha on the source (to graduate) and on the destination (to roll back to). Refuses
/// apps that cannot be held or deployed, and config keys set on the source but missing on the destination
/// (unless allowed or environment-specific); skips apps the destination already runs at that sha. Read-only.
/// </summary>
public sealed class PreflightActivity(DokkuClientFactory clients)
{
    [Activity(ActivityNames.Preflight)]
    public Task<PreflightResult> RunAsync(PreflightInput input) =>
        ActivityFailures.GuardAsync(ct => PreflightAsync(input, ct));

    private async Task<PreflightResult> PreflightAsync(PreflightInput input, CancellationToken ct)
    {
        var source = clients.Create(input.Source);
        var destination = clients.Create(input.Destination);
        // Each look is one ssh round trip, and every look is started at once: preflight costs its slowest look, not
        // their sum. A missing plugin is still what it reports first.
        Task[] versions = [PluginVersionAsync(source, input.Source, ct), PluginVersionAsync(destination, input.Destination, ct)];
        var stateTask = StateAndTagsAsync(source, input, ct);
        StateManifest? rollbackTo = null;
        if (input.RollbackTo is not null)
        {
            // A rollback needs its tag's manifest before it knows which apps to ask the hosts about.
            await VersionsFirstAsync(versions, stateTask).ConfigureAwait(false);
            var (rollbackState, _, tags) = await stateTask.ConfigureAwait(false);
            StateStatusCheck(rollbackState, input.Source);
            rollbackTo = RollbackManifest(input, tags);
        }

        var named = AppChecks.ToReport(input.Apps is { Count: > 0 } || rollbackTo is null ? input.Apps : [.. rollbackTo.Apps.Select(a => a.Name)]);
        var sourceReportTask = source.GetReportAsync(named, ct);
        var destinationReportTask = destination.GetReportAsync(named, ct);
        await VersionsFirstAsync(versions, stateTask, sourceReportTask, destinationReportTask).ConfigureAwait(false);
        var sourceVersion = await ((Task<string>)versions[0]).ConfigureAwait(false);
        var destinationVersion = await ((Task<string>)versions[1]).ConfigureAwait(false);
        var (state, lastTag, _) = await stateTask.ConfigureAwait(false);
        StateStatusCheck(state, input.Source);
        var sourceReport = await sourceReportTask.ConfigureAwait(false);
        var destinationReport = await destinationReportTask.ConfigureAwait(false);
        var requested = rollbackTo is not null && input.Apps is not { Count: > 0 }
            ? [.. rollbackTo.Apps.Select(a => a.Name)]
            : AppChecks.Requested(sourceReport, input.Apps);
        if (requested.Count == 0)
        {
            throw new ApplicationFailureException($"Environment {input.Source.Name} has no apps to graduate.", FailureTypes.AppsRefused, nonRetryable: true);
        }

        var checks = AppChecks.Check(sourceReport, destinationReport, requested, input.Source, input.Destination, input.EnvironmentSpecificConfig, rollbackTo);
        if (rollbackTo is not null)
        {
            checks = checks with { Refused = [.. checks.Refused, .. await StateManifest.UndeployableAsync(source, input.Source, rollbackTo, checks.Apps, ct).ConfigureAwait(false)] };
        }

        if (checks.Refused.Count > 0)
        {
            var problems = checks.Refused.Select(r => r.Reason).ToList();
            throw new ApplicationFailureException(
                (rollbackTo is null ? "Cannot graduate: " : $"Cannot roll {input.Destination.Name} back to {rollbackTo.Tag}: ") + string.Join("; ", problems) + ".",
                FailureTypes.AppsRefused,
                nonRetryable: true,
                details: [problems]);
        }

        var drift = checks.Drift.Where(d => d.MissingOnDestination.Count > 0).ToList();
        if (drift.Count > 0 && !input.AllowConfigDrift)
        {
            var missing = drift.Select(d => $"{d.App} ({string.Join(", ", d.MissingOnDestination)})");
            throw new ApplicationFailureException(
                $"Cannot graduate: config keys set on {input.Source.Name} are missing on {input.Destination.Name}: {string.Join("; ", missing)}. " +
                $"Set them on {input.Destination.Name}, declare them in graduate.yml's environmentSpecificConfig for {input.Destination.Name}, or start with --allow-config-drift.",
                FailureTypes.ConfigDrift,
                nonRetryable: true,
                details: [drift]);
        }

        var plan = checks.Apps;
        var skipped = checks.Skipped;
        return new PreflightResult(plan, skipped, sourceVersion, destinationVersion, lastTag);
    }

    /// <summary>Waits for the plugin version checks first (their failure is the one reported), then for the other looks whatever they said.</summary>
    private static async Task VersionsFirstAsync(Task[] versions, params Task[] others)
    {
        try
        {
            await Task.WhenAll(versions).ConfigureAwait(false);
        }
        finally
        {
            // The other looks' failures are then moot, but they are waited for.
            await Task.WhenAll(others).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The source's state status and the destination's newest tag (the PRE and POST hooks' LAST_TAG): one command
    /// for a graduation; a rollback also lists every tag of the destination, to find its own.
    /// </summary>
    private static async Task<(Dokku.Models.StateStatus State, string? LastTag, IReadOnlyList<Dokku.Models.StateTag> Tags)> StateAndTagsAsync(DokkuClient source, PreflightInput input, CancellationToken ct)
    {
        try
        {
            if (input.RollbackTo is null)
            {
                var (state, lastTag) = await source.GetStateStatusAndLastTagAsync(input.Destination.Name, ct).ConfigureAwait(false);
                return (state, state.Clean ? lastTag?.Tag : null, []);
            }

            var status = await source.GetStateStatusAsync(ct).ConfigureAwait(false);
            var tags = status.Clean ? await source.GetStateTagsAsync(input.Destination.Name, ct).ConfigureAwait(false) : [];
            return (status, tags.Count > 0 ? tags[0].Tag : null, tags);
        }
        catch (DokkuCommandException e)
        {
            throw new ApplicationFailureException(
                $"The environment state repository of {input.Source.Name} cannot be read (run 'graduate state init {input.Source.Name}' first): {e.ErrorMessage}",
                e,
                FailureTypes.StateDirty,
                nonRetryable: true);
        }
    }

    /// <summary>The manifest of the tag a rollback puts back, or a refusal naming the tags there are.</summary>
    private static StateManifest RollbackManifest(PreflightInput input, IReadOnlyList<Dokku.Models.StateTag> tags)
    {
        var tag = tags.FirstOrDefault(t => t.Tag == input.RollbackTo)
            ?? throw new ApplicationFailureException(
                $"Cannot roll {input.Destination.Name} back to {input.RollbackTo}: {input.Source.Name}'s state repository has no such tag" +
                (tags.Count == 0
                    ? $" (it has no tag of {input.Destination.Name} yet)."
                    : $" (newest: {string.Join(", ", tags.Take(5).Select(t => t.Tag))})."),
                FailureTypes.AppsRefused,
                nonRetryable: true);
        var manifest = StateManifest.Read(tag);
        return manifest.Apps.Count > 0
            ? manifest
            : throw new ApplicationFailureException(
                $"Cannot roll {input.Destination.Name} back to {tag.Tag}: its message is not a manifest of apps and releases (was it made by hand?).",
                FailureTypes.AppsRefused,
                nonRetryable: true);
    }

    private static async Task<string> PluginVersionAsync(DokkuClient client, EnvironmentRef environment, CancellationToken ct)
    {
        try
        {
            return await client.GetPluginVersionAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DokkuCommandException or DokkuProtocolException)
        {
            throw new ApplicationFailureException(
                $"The graduate plugin does not answer on {environment.Name} ({environment.Url}): install it there (dokku plugin:install ... --name graduate). {e.Message}",
                e,
                FailureTypes.PluginMissing,
                nonRetryable: true);
        }
    }

    private static void StateStatusCheck(Dokku.Models.StateStatus status, EnvironmentRef environment)
    {
        if (!status.Clean)
        {
            throw new ApplicationFailureException(
                $"The environment state of {environment.Name} has uncommitted changes: {string.Join(", ", status.Dirty)}. " +
                "Review them and commit (graduate:state-commit) before graduating.",
                FailureTypes.StateDirty,
                nonRetryable: true,
                details: [status.Dirty]);
        }
    }
}
