namespace Graduate.Dokku.Models;

/// <summary>One app in <c>graduate:report</c>.</summary>
public sealed record GraduateAppReport(
    string? DeployedSha,
    string? DeployBranch,
    IReadOnlyList<string> ConfigKeys,
    IReadOnlyList<string> ChecksDisabled,
    bool Locked);
