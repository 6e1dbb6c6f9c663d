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
/// apps that cannot be held or deployed; skips apps the destination already runs at that sha. Read-only.
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
        var stateTask = StateAndLastTagAsync(source, input, ct);
        // Named apps: both hosts look at only those (a host's report costs a few dokku calls per app it covers).
        var named = input.Apps is { Count: > 0 } given && given.All(DokkuNames.IsValidApp)
            ? given.Distinct(StringComparer.Ordinal).ToList()
            : [];
        var sourceReportTask = source.GetReportAsync(named, ct);
        var destinationReportTask = destination.GetReportAsync(named, ct);
        await Task.WhenAll(stateTask, sourceReportTask, destinationReportTask).ConfigureAwait(false);
        var (state, lastTag) = await stateTask.ConfigureAwait(false);
        StateStatusCheck(state, input.Source);
        var sourceReport = await sourceReportTask.ConfigureAwait(false);
        var destinationReport = await destinationReportTask.ConfigureAwait(false);
        var requested = input.Apps is { Count: > 0 } apps
            ? apps.Distinct(StringComparer.Ordinal).ToList()
            : [.. sourceReport.Apps.Keys.Order(StringComparer.Ordinal)];
        if (requested.Count == 0)
        {
            throw new ApplicationFailureException($"Environment {input.Source.Name} has no apps to graduate.", FailureTypes.AppsRefused, nonRetryable: true);
        }

        var problems = new List<string>();
        var plan = new List<AppPlan>();
        var skipped = new List<SkippedApp>();
        foreach (var app in requested)
        {
            if (!DokkuNames.IsValidApp(app))
            {
                problems.Add($"'{app}' is not a valid Dokku app name");
                continue;
            }

            if (!sourceReport.Apps.TryGetValue(app, out var onSource))
            {
                problems.Add($"{app} does not exist on {input.Source.Name}");
                continue;
            }

            if (onSource.DeployedSha is not { } sha)
            {
                problems.Add($"{app} has never been deployed on {input.Source.Name}");
                continue;
            }

            if (!destinationReport.Apps.TryGetValue(app, out var onDestination))
            {
                problems.Add($"{app} does not exist on {input.Destination.Name} (create it and set its config there first)");
                continue;
            }

            if (onSource.Locked)
            {
                problems.Add($"{app} is locked on {input.Source.Name} (apps:unlock it)");
            }

            if (onDestination.Locked)
            {
                problems.Add($"{app} is locked on {input.Destination.Name} (apps:unlock it)");
            }

            if (onDestination.ChecksDisabled.Any(t => t is "web" or "_all_"))
            {
                problems.Add($"{app} has checks disabled on {input.Destination.Name}, so its deploy cannot be held (checks:enable it)");
            }

            if (string.Equals(onDestination.DeployedSha, sha, StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add(new SkippedApp(app, sha, $"{input.Destination.Name} already runs {sha}"));
                continue;
            }

            plan.Add(new AppPlan(app, sha, onDestination.DeployedSha));
        }

        if (problems.Count > 0)
        {
            throw new ApplicationFailureException(
                "Cannot graduate: " + string.Join("; ", problems) + ".", FailureTypes.AppsRefused, nonRetryable: true, details: [problems]);
        }

        return new PreflightResult(plan, skipped, sourceVersion, destinationVersion, lastTag);
    }

    private static async Task<(Dokku.Models.StateStatus State, string? LastTag)> StateAndLastTagAsync(DokkuClient source, PreflightInput input, CancellationToken ct)
    {
        var state = await StateStatusAsync(source, input.Source, ct).ConfigureAwait(false);
        if (!state.Clean)
        {
            return (state, null);
        }

        var tags = await source.GetStateTagsAsync(input.Destination.Name, ct).ConfigureAwait(false);
        return (state, tags.Count > 0 ? tags[0].Tag : null);
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
