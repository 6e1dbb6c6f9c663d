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
        var sourceVersionTask = PluginVersionAsync(source, input.Source, ct);
        var destinationVersionTask = PluginVersionAsync(destination, input.Destination, ct);
        var stateTask = StateAndLastTagAsync(source, input, ct);
        var named = AppChecks.ToReport(input.Apps);
        var sourceReportTask = source.GetReportAsync(named, ct);
        var destinationReportTask = destination.GetReportAsync(named, ct);
        try
        {
            await Task.WhenAll(sourceVersionTask, destinationVersionTask).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the version checks said, the other looks are waited for (their failures are then moot).
            await Task.WhenAll(stateTask, sourceReportTask, destinationReportTask).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        var sourceVersion = await sourceVersionTask.ConfigureAwait(false);
        var destinationVersion = await destinationVersionTask.ConfigureAwait(false);
        var (state, lastTag) = await stateTask.ConfigureAwait(false);
        StateStatusCheck(state, input.Source);
        var sourceReport = await sourceReportTask.ConfigureAwait(false);
        var destinationReport = await destinationReportTask.ConfigureAwait(false);
        var requested = AppChecks.Requested(sourceReport, input.Apps);
        if (requested.Count == 0)
        {
            throw new ApplicationFailureException($"Environment {input.Source.Name} has no apps to graduate.", FailureTypes.AppsRefused, nonRetryable: true);
        }

        var checks = AppChecks.Check(sourceReport, destinationReport, requested, input.Source, input.Destination, input.EnvironmentSpecificConfig);
        if (checks.Refused.Count > 0)
        {
            var problems = checks.Refused.Select(r => r.Reason).ToList();
            throw new ApplicationFailureException(
                "Cannot graduate: " + string.Join("; ", problems) + ".", FailureTypes.AppsRefused, nonRetryable: true, details: [problems]);
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

    private static async Task<(Dokku.Models.StateStatus State, string? LastTag)> StateAndLastTagAsync(DokkuClient source, PreflightInput input, CancellationToken ct)
    {
        try
        {
            // One command: the snapshot, the status and the destination's last tag (the PRE and POST hooks' LAST_TAG).
            var (state, lastTag) = await source.GetStateStatusAndLastTagAsync(input.Destination.Name, ct).ConfigureAwait(false);
            return (state, state.Clean ? lastTag?.Tag : null);
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
