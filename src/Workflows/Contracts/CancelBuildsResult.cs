namespace Graduate.Workflows.Contracts;

/// <summary>Apps whose running deploy was asked to stop.</summary>
public sealed record CancelBuildsResult(IReadOnlyList<string> Canceled);
