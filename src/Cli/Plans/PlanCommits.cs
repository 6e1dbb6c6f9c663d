using Graduate.Dokku.Models;

namespace Graduate.Cli.Plans;

/// <summary>The commits between two releases: the full count, and the newest ones (the plugin lists at most 100).</summary>
public sealed record PlanCommits(int Count, IReadOnlyList<CommitInfo> List);
