namespace Graduate.Dokku.Models;

/// <summary><c>git:report --format json</c>; <see cref="Sha"/> is the HEAD of the app's bare repo.</summary>
public sealed record GitReport(
    string App,
    string? Sha,
    string? DeployBranch,
    string? ComputedDeployBranch,
    string? RevEnvVar,
    string? LastUpdatedAt,
    IReadOnlyDictionary<string, string?> Values);
