namespace Graduate.Workflows.Status;

/// <summary>
/// The <c>status</c> query's answer. Times are the workflow's clock (UTC, from history).
/// </summary>
/// <param name="GraduationId">The plugin's graduation id (gates, jobs, <c>GRADUATE_ID</c>).</param>
/// <param name="Source">Source environment name.</param>
/// <param name="Destination">Destination environment name.</param>
/// <param name="Phase"><see cref="GraduationPhase"/>.</param>
/// <param name="Outcome">Null while running, else <see cref="GraduationOutcome"/>.</param>
/// <param name="StartedAt">When the workflow started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Apps">Graduating apps in order.</param>
/// <param name="Skipped">Apps the destination already runs at the source's sha.</param>
/// <param name="Hooks">PRE hooks then POST hooks, in order.</param>
/// <param name="Errors">What went wrong, in order.</param>
/// <param name="CancelRequested">A cancel (signal or Temporal request) arrived.</param>
/// <param name="CancelReason">The reason given with the cancel signal, if any.</param>
/// <param name="CancelTooLate">The cancel arrived after go-live began, so it was ignored.</param>
/// <param name="Tag">The environment state tag, once written.</param>
/// <param name="Approval">The approval it waits for or got; null when none is required.</param>
/// <param name="RollbackTo">The state tag a rollback puts back (left out when null: a graduation).</param>
/// <param name="PhaseSince">When the workflow entered <paramref name="Phase"/>.</param>
public sealed record GraduationStatus(
    string GraduationId,
    string Source,
    string Destination,
    string Phase,
    string? Outcome,
    DateTime StartedAt,
    DateTime? FinishedAt,
    IReadOnlyList<AppStatus> Apps,
    IReadOnlyList<Contracts.SkippedApp> Skipped,
    IReadOnlyList<HookStatus> Hooks,
    IReadOnlyList<string> Errors,
    bool CancelRequested,
    string? CancelReason,
    bool CancelTooLate,
    string? Tag,
    ApprovalStatus? Approval = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RollbackTo = null,
    DateTime? PhaseSince = null);
