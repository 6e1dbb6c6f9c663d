namespace Graduate.Workflows.Contracts;

/// <summary>Input of <see cref="ActivityNames.ArmGates"/>: arm the destination gates of <paramref name="Apps"/>.</summary>
public sealed record ArmGatesInput(string GraduationId, EnvironmentRef Destination, IReadOnlyList<string> Apps, int GateTimeoutSeconds);
