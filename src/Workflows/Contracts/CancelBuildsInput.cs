namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.CancelBuilds"/>: stop the deploys of <paramref name="Apps"/> that have not reached their gate.</summary>
public sealed record CancelBuildsInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<string> Apps);
