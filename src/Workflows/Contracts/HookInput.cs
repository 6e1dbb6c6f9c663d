namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.RunPreHook"/> / <see cref="ActivityNames.RunPostHook"/>: hook number
/// <paramref name="Index"/> (1-based) runs on the source with <c>bash -e</c>.
/// <paramref name="RollbackTo"/>: the run is a rollback to that state tag (the hook sees <c>GRADUATE_ROLLBACK=1</c> and <c>GRADUATE_ROLLBACK_TO</c>).
/// </summary>
public sealed record HookInput(
    string GraduationId,
    EnvironmentRef Source,
    EnvironmentRef Destination,
    IReadOnlyList<string> Apps,
    int Index,
    string Command,
    string? LastTag,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? RollbackTo = null);
