namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.CheckInstall"/>: wait until the push <paramref name="Job"/> of <paramref name="App"/> is staged.</summary>
public sealed record CheckInstallInput(string GraduationId, EnvironmentRef Source, EnvironmentRef Destination, string App, string Job);
