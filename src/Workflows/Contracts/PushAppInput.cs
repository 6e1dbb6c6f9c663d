namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.PushApp"/>: push <paramref name="Sha"/> of <paramref name="App"/> from the source and wait until it is staged.</summary>
public sealed record PushAppInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, string App, string Sha);
