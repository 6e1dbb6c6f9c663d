namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.Preflight"/>; <paramref name="Apps"/> empty or null means every app on the source.</summary>
public sealed record PreflightInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<string>? Apps);
