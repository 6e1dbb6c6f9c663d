using System.Text.Json.Serialization;

namespace Graduate.Workflows.Contracts;

/// <summary>
/// One app to graduate: the source's deployed sha, and the destination's before it (null: never deployed there).
/// <paramref name="DeployBranch"/> is the destination's deploy branch as preflight read it, so the push needs no look of
/// its own; absent (a tag's manifest, an older history), the push asks the destination.
/// </summary>
public sealed record AppPlan(
    string Name,
    string Sha,
    string? PreviousSha,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeployBranch = null);
