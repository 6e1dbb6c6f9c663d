namespace Graduate.Workflows;

/// <summary>
/// One app at the end: <paramref name="BeforeSha"/> ran before, <paramref name="AfterSha"/> runs now, and
/// <paramref name="Release"/> is the release this run put (or tried to put) live: <paramref name="AfterSha"/> when it is
/// live, else the release it refused, rolled back or never reached (null in results written before it was recorded).
/// </summary>
public sealed record AppResult(string Name, string? BeforeSha, string? AfterSha, string State, string? Release = null);
