namespace Graduate.Workflows.Contracts;

/// <summary>
/// What preflight resolved (recorded in history, so a replay uses the same plan).
/// </summary>
/// <param name="Apps">Apps to graduate, in the order given (or the source's order).</param>
/// <param name="Skipped">Apps whose destination already runs the source's sha.</param>
/// <param name="SourcePluginVersion">graduate plugin version on the source.</param>
/// <param name="DestinationPluginVersion">graduate plugin version on the destination.</param>
/// <param name="LastTag">The destination's newest state tag in the source's repo (anchored match), for <c>LAST_TAG</c>.</param>
public sealed record PreflightResult(
    IReadOnlyList<AppPlan> Apps,
    IReadOnlyList<SkippedApp> Skipped,
    string SourcePluginVersion,
    string DestinationPluginVersion,
    string? LastTag);
