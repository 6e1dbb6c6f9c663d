using Graduate.Workflows.Contracts;

namespace Graduate.Activities;

/// <summary>What <see cref="AppChecks.Check"/> found for each requested app.</summary>
/// <param name="Apps">Apps that would be promoted, in the order requested.</param>
/// <param name="Skipped">Apps the destination already runs at the source's release.</param>
/// <param name="Refused">Apps that cannot graduate, and why.</param>
/// <param name="Drift">Config drift of the apps that would be promoted (only apps with drift).</param>
public sealed record AppCheckResult(
    IReadOnlyList<AppPlan> Apps,
    IReadOnlyList<SkippedApp> Skipped,
    IReadOnlyList<AppRefusal> Refused,
    IReadOnlyList<ConfigDrift> Drift);
