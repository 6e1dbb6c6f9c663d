namespace Graduate.Workflows;

/// <summary>
/// What the Graduation workflow returns (also when it failed or was canceled by the <c>cancel</c> signal;
/// Temporal's own cancel request ends the execution Canceled instead, and the <c>status</c> query still answers).
/// </summary>
/// <param name="GraduationId">The id the plugin knows this graduation by (gates, jobs; <c>GRADUATE_ID</c> in hooks).</param>
/// <param name="Outcome"><see cref="GraduationOutcome"/>.</param>
/// <param name="Apps">Each graduated app in order: before/after sha and final state.</param>
/// <param name="Skipped">Apps left out because the destination already runs the source's sha.</param>
/// <param name="Tag">The environment state tag written on success.</param>
/// <param name="Errors">What went wrong, one sentence each, in the order it happened.</param>
/// <param name="RolledBack">Apps that went live and were rolled back to their previous sha.</param>
/// <param name="Approval">The approval the graduation waited for, and who gave (or refused) it; null when none was required.</param>
/// <param name="RollbackTo">The state tag a rollback put back (left out when null: a graduation).</param>
public sealed record GraduationResult(
    string GraduationId,
    string Outcome,
    IReadOnlyList<AppResult> Apps,
    IReadOnlyList<Contracts.SkippedApp> Skipped,
    string? Tag,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> RolledBack,
    Status.ApprovalStatus? Approval = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RollbackTo = null);
