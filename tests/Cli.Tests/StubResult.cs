namespace Graduate.Cli.Tests;

/// <summary>What <see cref="StubGraduationWorkflow"/> returns.</summary>
public sealed record StubResult(string Destination, string Reason);
