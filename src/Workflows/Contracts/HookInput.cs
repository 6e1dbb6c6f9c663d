namespace Graduate.Workflows.Contracts;

/// <summary>
/// Input of <see cref="ActivityNames.RunPreHook"/> / <see cref="ActivityNames.RunPostHook"/>: hook number
/// <paramref name="Index"/> (1-based) runs on the source with <c>bash -e</c>.
/// </summary>
public sealed record HookInput(
    string GraduationId,
    EnvironmentRef Source,
    EnvironmentRef Destination,
    IReadOnlyList<string> Apps,
    int Index,
    string Command,
    string? LastTag);
