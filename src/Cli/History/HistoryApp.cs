namespace Graduate.Cli.History;

/// <summary>One app of a <see cref="HistoryEntry"/>.</summary>
/// <param name="Name">The app.</param>
/// <param name="Sha">The release it runs after the run (a failed run leaves the previous one), or the one asked for while it runs.</param>
/// <param name="PreviousSha">The release it ran before.</param>
/// <param name="State">Its state at the end (<c>live</c>, <c>rolled-back</c>, ...); null when only a tag or the input names it.</param>
/// <param name="Release">The release the run put, or tried to put, live (a result's <c>release</c>); null when unknown.</param>
public sealed record HistoryApp(string Name, string? Sha, string? PreviousSha, string? State, string? Release = null);
