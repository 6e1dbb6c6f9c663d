namespace Graduate.Cli.Plans;

/// <summary>
/// What <c>graduate start SRC DST</c> would do, read from both hosts without changing either (<c>graduate plan</c>,
/// and the question <c>start</c> asks in a terminal). Serialized as is for <c>--json</c>.
/// </summary>
/// <param name="Source">SRC.</param>
/// <param name="Destination">DST.</param>
/// <param name="LastTag">DST's newest state tag in the source's repo (null when none, or no state repo).</param>
/// <param name="Apps">Apps that would be promoted.</param>
/// <param name="Skipped">Apps DST already runs at the source's release.</param>
/// <param name="Refused">Apps preflight would refuse.</param>
/// <param name="ConfigDrift">Key names that differ, per app to promote (never values).</param>
/// <param name="Hooks">The hooks a graduation runs (when it has apps to promote).</param>
/// <param name="Blockers">Why preflight would refuse the graduation as it stands; empty when it would go ahead.</param>
/// <param name="RollbackTo">For <c>graduate rollback</c>: the tag it puts back (each app's "promote" is its release there, and the commits are the ones undone); null for a graduation.</param>
public sealed record GraduationPlan(
    string Source,
    string Destination,
    string? LastTag,
    IReadOnlyList<PlannedApp> Apps,
    IReadOnlyList<PlanSkippedApp> Skipped,
    IReadOnlyList<Activities.AppRefusal> Refused,
    IReadOnlyList<Activities.ConfigDrift> ConfigDrift,
    PlanHooks Hooks,
    IReadOnlyList<string> Blockers,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RollbackTo = null);
