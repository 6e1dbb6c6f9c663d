namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.GoLive"/>: open every gate at once and wait for every push to finish.</summary>
public sealed record GoLiveInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, IReadOnlyList<string> Apps);
