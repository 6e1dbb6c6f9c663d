namespace Graduate.Cli.History;

/// <summary>The approval a run waited for: its state (<c>approved</c>, <c>rejected</c>, <c>waiting</c>, ...), who decided, the note, when.</summary>
public sealed record HistoryApproval(string? State, string? By, string? Note, DateTimeOffset? At);
