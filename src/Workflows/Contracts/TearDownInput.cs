namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.TearDown"/>: abort every gate, cancel builds not yet held, wait for the pushes to end.</summary>
public sealed record TearDownInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<string> Apps);
