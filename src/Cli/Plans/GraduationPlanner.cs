using Graduate.Activities;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Workflows;

namespace Graduate.Cli.Plans;

/// <summary>
/// Reads a <see cref="GraduationPlan"/> from the two hosts with read-only commands only (<c>graduate:report</c> on
/// both, <c>graduate:state-tags</c> and <c>graduate:commits</c> on the source), through the same checks as preflight.
/// </summary>
public static class GraduationPlanner
{
    /// <summary>
    /// The plan of <paramref name="input"/>; a rollback passes the manifest of the tag it puts back as
    /// <paramref name="rollbackTo"/>: each app's release comes from it, and the commits listed are the ones it undoes.
    /// </summary>
    public static async Task<GraduationPlan> PlanAsync(DokkuClient source, DokkuClient destination, GraduationInput input, CancellationToken ct, StateManifest? rollbackTo = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(input);
        var listed = input.Apps is not { Count: > 0 } && rollbackTo is not null ? [.. rollbackTo.Apps.Select(a => a.Name)] : input.Apps;
        var named = AppChecks.ToReport(listed);
        var sourceReportTask = source.GetReportAsync(named, ct);
        var destinationReportTask = destination.GetReportAsync(named, ct);
        var lastTagTask = LastTagAsync(source, input.Destination.Name, ct);
        await Task.WhenAll(sourceReportTask, destinationReportTask, lastTagTask).ConfigureAwait(false);
        var sourceReport = await sourceReportTask.ConfigureAwait(false);
        var destinationReport = await destinationReportTask.ConfigureAwait(false);

        var requested = AppChecks.Requested(sourceReport, listed);
        var checks = AppChecks.Check(sourceReport, destinationReport, requested, input.Source, input.Destination, input.EnvironmentSpecificConfig, rollbackTo);
        if (rollbackTo is not null)
        {
            checks = checks with { Refused = [.. checks.Refused, .. await StateManifest.UndeployableAsync(source, input.Source, rollbackTo, checks.Apps, ct).ConfigureAwait(false)] };
        }

        var apps = await Task.WhenAll(checks.Apps.Select(a => rollbackTo is null
            ? PlanAppAsync(source, a.Name, a.PreviousSha, a.Sha, ct)
            : PlanRollbackAppAsync(source, a.Name, a.PreviousSha, a.Sha, ct))).ConfigureAwait(false);

        var blockers = new List<string>();
        if (requested.Count == 0)
        {
            blockers.Add($"{input.Source.Name} has no apps to graduate");
        }

        blockers.AddRange(checks.Refused.Select(r => r.Reason));
        if (!input.AllowConfigDrift)
        {
            blockers.AddRange(checks.Drift
                .Where(d => d.MissingOnDestination.Count > 0)
                .Select(d => $"{d.App} has config keys set on {input.Source.Name} and missing on {input.Destination.Name}: {string.Join(", ", d.MissingOnDestination)}"));
        }

        return new GraduationPlan(
            input.Source.Name,
            input.Destination.Name,
            await lastTagTask.ConfigureAwait(false),
            apps,
            [.. checks.Skipped.Select(s => new PlanSkippedApp(s.Name, s.Sha, s.Reason))],
            checks.Refused,
            checks.Drift,
            new PlanHooks(input.PreHooks ?? [], input.PostHooks ?? []),
            blockers,
            rollbackTo?.Tag);
    }

    /// <summary>One app of a rollback: the commits it undoes are the ones from its old release up to the live one.</summary>
    private static async Task<PlannedApp> PlanRollbackAppAsync(DokkuClient source, string app, string? live, string back, CancellationToken ct)
    {
        if (live is null)
        {
            return new PlannedApp(app, null, back, null, "not deployed on the destination now");
        }

        try
        {
            var range = await source.GetCommitsAsync(app, back, live, ct).ConfigureAwait(false);
            return new PlannedApp(app, live, back, new PlanCommits(range.Count, range.Commits), null);
        }
        catch (DokkuCommandException e)
        {
            return new PlannedApp(app, live, back, null, e.ErrorMessage.Length > 0 ? e.ErrorMessage : e.Message);
        }
    }

    private static async Task<PlannedApp> PlanAppAsync(DokkuClient source, string app, string? live, string promote, CancellationToken ct)
    {
        if (live is null)
        {
            return new PlannedApp(app, null, promote, null, "never deployed on the destination: every commit is new there");
        }

        try
        {
            var range = await source.GetCommitsAsync(app, live, promote, ct).ConfigureAwait(false);
            return new PlannedApp(app, live, promote, new PlanCommits(range.Count, range.Commits), null);
        }
        catch (DokkuCommandException e)
        {
            // e.g. the destination runs a release the source never had: the plan still shows the rest.
            return new PlannedApp(app, live, promote, null, e.ErrorMessage.Length > 0 ? e.ErrorMessage : e.Message);
        }
    }

    private static async Task<string?> LastTagAsync(DokkuClient source, string destination, CancellationToken ct)
    {
        try
        {
            var tags = await source.GetStateTagsAsync(destination, ct).ConfigureAwait(false);
            return tags.Count > 0 ? tags[0].Tag : null;
        }
        catch (DokkuCommandException)
        {
            // No state repo yet (`graduate state init` not run): there is no last tag to show.
            return null;
        }
    }

    /// <summary>The sha as people read it: its first 12 characters.</summary>
    public static string Abbreviate(string? sha) => sha is null ? "-" : sha.Length > 12 ? sha[..12] : sha;
}
