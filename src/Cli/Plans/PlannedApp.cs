namespace Graduate.Cli.Plans;

/// <summary>One app to promote: the release live on DST (null: never deployed there), the one promoted, the commits between.</summary>
/// <param name="App">The app.</param>
/// <param name="Live">The sha live on DST.</param>
/// <param name="Promote">The sha deployed on SRC, which would go live on DST.</param>
/// <param name="Commits">The commits between them (null when they cannot be listed; see <paramref name="CommitsError"/>).</param>
/// <param name="CommitsError">Why the commits cannot be listed (e.g. DST's release is unknown to SRC's repo).</param>
public sealed record PlannedApp(string App, string? Live, string Promote, PlanCommits? Commits, string? CommitsError);
