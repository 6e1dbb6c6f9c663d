namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.TagEnvironment"/>: tag <c>&lt;DestinationName&gt;/&lt;Timestamp&gt;</c> in the source's
/// state repository with the manifest as its message. <paramref name="Timestamp"/> (<c>yyyyMMddHHmmss</c>) comes from the workflow.
/// <paramref name="Approval"/>, when the graduation was approved, goes into the manifest; it is left out of the
/// payload when null, so a graduation without approval schedules this activity exactly as before. <paramref name="RollbackTo"/>,
/// for a rollback, goes into the manifest as <c>"rollbackTo"</c>.
/// </summary>
public sealed record TagEnvironmentInput(
    EnvironmentRef Source,
    string DestinationName,
    string Timestamp,
    IReadOnlyList<AppPlan> Apps,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Status.ApprovalStatus? Approval = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RollbackTo = null);
