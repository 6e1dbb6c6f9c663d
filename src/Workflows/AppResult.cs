namespace Graduate.Workflows;

/// <summary>One app at the end: <paramref name="BeforeSha"/> ran before, <paramref name="AfterSha"/> runs now.</summary>
public sealed record AppResult(string Name, string? BeforeSha, string? AfterSha, string State);
