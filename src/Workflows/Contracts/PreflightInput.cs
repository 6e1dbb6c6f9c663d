using System.Text.Json.Serialization;

namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.Preflight"/>; <paramref name="Apps"/> empty or null means every app on the source.
/// </summary>
/// <param name="GraduationId">The graduation.</param>
/// <param name="Source">The environment apps graduate from.</param>
/// <param name="Destination">The environment they graduate to.</param>
/// <param name="Apps">Apps to graduate.</param>
/// <param name="AllowConfigDrift">Graduate even when config keys set on the source are missing on the destination.</param>
/// <param name="EnvironmentSpecificConfig">Keys that belong to the destination alone: never drift.</param>
/// <param name="RollbackTo">A rollback: each app's release comes from this state tag's manifest, not from the source's deployed sha.</param>
public sealed record PreflightInput(
    string GraduationId,
    EnvironmentRef Source,
    EnvironmentRef Destination,
    IReadOnlyList<string>? Apps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool AllowConfigDrift = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EnvironmentSpecificConfig = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RollbackTo = null);
