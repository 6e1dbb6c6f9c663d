namespace Graduate.Cli.Tests;

/// <summary>What <see cref="StubGraduationWorkflow"/>'s status query answers.</summary>
public sealed record StubStatus(string Phase, IReadOnlyList<StubApp> Apps);
