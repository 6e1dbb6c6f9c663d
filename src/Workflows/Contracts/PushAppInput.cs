namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.PushApp"/>: start the push of <paramref name="Sha"/> of <paramref name="App"/> from the source.</summary>
public sealed record PushAppInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, string App, string Sha);
