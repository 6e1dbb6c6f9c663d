namespace Graduate.Cli.Tests;

/// <summary>What <see cref="StubGraduationWorkflow"/> returns (the real result also carries outcome and errors).</summary>
public sealed record StubResult(string Destination, string Reason, string Outcome, IReadOnlyList<string> Errors);
