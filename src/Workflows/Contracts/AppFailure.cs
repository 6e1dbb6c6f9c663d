namespace Graduate.Workflows.Contracts;

/// <summary>An app that did not make it, with the reason and the tail of its push log.</summary>
public sealed record AppFailure(string App, string Reason, IReadOnlyList<string> LogTail);
