namespace Graduate.Dokku.Models;

/// <summary><c>ps:report --format json</c>. <see cref="Running"/> is "true", "false" or "mixed".</summary>
public sealed record ProcessReport(
    string App,
    bool? Deployed,
    string? Running,
    int? Processes,
    IReadOnlyDictionary<string, string?> Values);
