namespace Graduate.Dokku.Models;

/// <summary>
/// <c>graduate:commits</c>: the commits reachable from <paramref name="To"/> and not from <paramref name="From"/>,
/// newest first. <paramref name="Count"/> is the full number; <paramref name="Commits"/> may list fewer (the plugin caps it).
/// </summary>
public sealed record CommitRange(string App, string From, string To, int Count, IReadOnlyList<CommitInfo> Commits);
