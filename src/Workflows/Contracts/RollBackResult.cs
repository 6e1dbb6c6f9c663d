namespace Graduate.Workflows.Contracts;

/// <summary>Apps back on their previous sha, and those that could not be rolled back.</summary>
public sealed record RollBackResult(IReadOnlyList<string> RolledBack, IReadOnlyList<AppFailure> Failed);
