namespace Graduate.Workflows.Contracts;

/// <summary>An app left out of a graduation, and why.</summary>
public sealed record SkippedApp(string Name, string Sha, string Reason);
