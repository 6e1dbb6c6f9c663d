namespace Graduate.Dokku.Models;

/// <summary>
/// <c>apps:report --format json</c>. <see cref="DeploySourceMetadata"/> is the sha of the
/// last SUCCESSFUL git-push deploy (unlike GIT_REV, which is set before the build).
/// </summary>
public sealed record AppReport(
    string App,
    string? DeploySource,
    string? DeploySourceMetadata,
    bool? Locked,
    IReadOnlyDictionary<string, string?> Values);
