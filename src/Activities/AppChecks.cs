using Graduate.Dokku;
using Graduate.Dokku.Models;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;

namespace Graduate.Activities;

/// <summary>
/// The per-app checks of a graduation, from the two hosts' <c>graduate:report</c>: shared by the Preflight
/// activity (which refuses) and <c>graduate plan</c> (which shows), so both say the same thing.
/// </summary>
public static class AppChecks
{
    /// <summary>Keys Dokku sets itself (GIT_REV at every deploy, DOKKU_* by its plugins): never drift.</summary>
    public static bool IsDokkuManagedKey(string key) =>
        key == "GIT_REV" || key.StartsWith("DOKKU_", StringComparison.Ordinal);

    /// <summary>The apps to look at: <paramref name="apps"/> (deduplicated) or every app on the source, sorted.</summary>
    /// <summary>
    /// The apps the hosts' reports need to cover: the named ones (a host's report costs a few dokku calls per app it
    /// covers), or none, meaning every app, when none are named or a name is invalid (the checks then say so).
    /// </summary>
    public static IReadOnlyList<string> ToReport(IReadOnlyList<string>? apps) =>
        apps is { Count: > 0 } given && given.All(DokkuNames.IsValidApp) ? [.. given.Distinct(StringComparer.Ordinal)] : [];

    public static IReadOnlyList<string> Requested(GraduateReport source, IReadOnlyList<string>? apps)
    {
        ArgumentNullException.ThrowIfNull(source);
        return apps is { Count: > 0 }
            ? [.. apps.Distinct(StringComparer.Ordinal)]
            : [.. source.Apps.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Checks each requested app. For a rollback (<paramref name="rollbackTo"/>), each app's release is the one in that
    /// tag's manifest instead of the source's deployed sha (an app the tag does not name is refused), and config drift is
    /// not looked at: the source's config has nothing to do with putting an older release back.
    /// </summary>
    public static AppCheckResult Check(
        GraduateReport sourceReport,
        GraduateReport destinationReport,
        IReadOnlyList<string> requested,
        EnvironmentRef source,
        EnvironmentRef destination,
        IReadOnlyCollection<string>? environmentSpecificConfig,
        StateManifest? rollbackTo = null)
    {
        ArgumentNullException.ThrowIfNull(sourceReport);
        ArgumentNullException.ThrowIfNull(destinationReport);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var ignored = new HashSet<string>(environmentSpecificConfig ?? [], StringComparer.Ordinal);
        var refused = new List<AppRefusal>();
        var plan = new List<AppPlan>();
        var skipped = new List<SkippedApp>();
        var drift = new List<ConfigDrift>();
        foreach (var app in requested)
        {
            if (!DokkuNames.IsValidApp(app))
            {
                refused.Add(new(app, $"'{app}' is not a valid Dokku app name"));
                continue;
            }

            if (!sourceReport.Apps.TryGetValue(app, out var onSource))
            {
                refused.Add(new(app, $"{app} does not exist on {source.Name}"));
                continue;
            }

            string sha;
            if (rollbackTo is not null)
            {
                if (rollbackTo.Apps.FirstOrDefault(a => a.Name == app) is not { } pinned)
                {
                    refused.Add(new(app, $"{app} is not in {rollbackTo.Tag} (it has: {string.Join(", ", rollbackTo.Apps.Select(a => a.Name))})"));
                    continue;
                }

                sha = pinned.Sha;
            }
            else if (onSource.DeployedSha is { } deployed)
            {
                sha = deployed;
            }
            else
            {
                refused.Add(new(app, $"{app} has never been deployed on {source.Name}"));
                continue;
            }

            if (!destinationReport.Apps.TryGetValue(app, out var onDestination))
            {
                refused.Add(new(app, $"{app} does not exist on {destination.Name} (create it and set its config there first)"));
                continue;
            }

            var before = refused.Count;
            if (onSource.Locked)
            {
                refused.Add(new(app, $"{app} is locked on {source.Name} (apps:unlock it)"));
            }

            if (onDestination.Locked)
            {
                refused.Add(new(app, $"{app} is locked on {destination.Name} (apps:unlock it)"));
            }

            if (onDestination.ChecksDisabled.Any(t => t is "web" or "_all_"))
            {
                refused.Add(new(app, $"{app} has checks disabled on {destination.Name}, so its deploy cannot be held (checks:enable it)"));
            }

            if (string.Equals(onDestination.DeployedSha, sha, StringComparison.OrdinalIgnoreCase))
            {
                skipped.Add(new SkippedApp(app, sha, $"{destination.Name} already runs {sha}"));
                continue;
            }

            if (refused.Count > before)
            {
                continue;
            }

            plan.Add(new AppPlan(app, sha, onDestination.DeployedSha, onDestination.DeployBranch));
            if (rollbackTo is not null)
            {
                continue;
            }

            var sourceKeys = Keys(onSource.ConfigKeys, ignored);
            var destinationKeys = Keys(onDestination.ConfigKeys, ignored);
            var missingOnDestination = sourceKeys.Except(destinationKeys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var missingOnSource = destinationKeys.Except(sourceKeys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (missingOnDestination.Count > 0 || missingOnSource.Count > 0)
            {
                drift.Add(new ConfigDrift(app, missingOnDestination, missingOnSource));
            }
        }

        return new AppCheckResult(plan, skipped, refused, drift);
    }

    private static HashSet<string> Keys(IReadOnlyList<string> keys, HashSet<string> ignored) =>
        new(keys.Where(k => !IsDokkuManagedKey(k) && !ignored.Contains(k)), StringComparer.Ordinal);
}
