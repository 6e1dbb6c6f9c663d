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
        // Each look is one ssh round trip; the two hosts are asked at the same time.
        var sourceVersionTask = PluginVersionAsync(source, input.Source, ct);
        var destinationVersionTask = PluginVersionAsync(destination, input.Destination, ct);
        var sourceVersion = await sourceVersionTask.ConfigureAwait(false);
        var destinationVersion = await destinationVersionTask.ConfigureAwait(false);

        // The state repo is read (and its snapshot rewritten) before its tags are listed: one git user at a time.
        // A rollback needs its tag's manifest before it knows which apps to ask the hosts about.
        var stateTask = StateAndTagsAsync(source, input, ct);
        var rollbackTo = input.RollbackTo is null ? null : RollbackManifest(input, await stateTask.ConfigureAwait(false));
        var named = AppChecks.ToReport(input.Apps is { Count: > 0 } || rollbackTo is null ? input.Apps : [.. rollbackTo.Apps.Select(a => a.Name)]);
        var sourceReportTask = source.GetReportAsync(named, ct);
        var destinationReportTask = destination.GetReportAsync(named, ct);
        await Task.WhenAll(stateTask, sourceReportTask, destinationReportTask).ConfigureAwait(false);
        var (state, tags) = await stateTask.ConfigureAwait(false);
        StateStatusCheck(state, input.Source);
        var lastTag = tags.Count > 0 ? tags[0].Tag : null;
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

    private static async Task<(Dokku.Models.StateStatus State, IReadOnlyList<Dokku.Models.StateTag> Tags)> StateAndTagsAsync(DokkuClient source, PreflightInput input, CancellationToken ct)
    {
        var state = await StateStatusAsync(source, input.Source, ct).ConfigureAwait(false);
        if (!state.Clean)
        {
            StateStatusCheck(state, input.Source);
        }

        return (state, await source.GetStateTagsAsync(input.Destination.Name, ct).ConfigureAwait(false));
    }

    /// <summary>The manifest of the tag a rollback puts back, or a refusal naming the tags there are.</summary>
    private static StateManifest RollbackManifest(PreflightInput input, (Dokku.Models.StateStatus State, IReadOnlyList<Dokku.Models.StateTag> Tags) state)
    {
        var tag = state.Tags.FirstOrDefault(t => t.Tag == input.RollbackTo)
            ?? throw new ApplicationFailureException(
                $"Cannot roll {input.Destination.Name} back to {input.RollbackTo}: {input.Source.Name}'s state repository has no such tag" +
                (state.Tags.Count == 0
                    ? $" (it has no tag of {input.Destination.Name} yet)."
                    : $" (newest: {string.Join(", ", state.Tags.Take(5).Select(t => t.Tag))})."),
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

    private static async Task<Dokku.Models.StateStatus> StateStatusAsync(DokkuClient client, EnvironmentRef environment, CancellationToken ct)
    {
        try
        {
            return await client.GetStateStatusAsync(ct).ConfigureAwait(false);
        }
        catch (DokkuCommandException e)
        {
            throw new ApplicationFailureException(
                $"The environment state repository of {environment.Name} cannot be read (run 'graduate state init {environment.Name}' first): {e.ErrorMessage}",
                e,
                FailureTypes.StateDirty,
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
