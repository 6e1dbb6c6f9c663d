namespace Graduate.Workflows.Status;

/// <summary>One app in the <c>status</c> query: state and when it reached each step.</summary>
/// <param name="Name">The app.</param>
/// <param name="Sha">The sha it graduates to (the source's deployed sha).</param>
/// <param name="PreviousSha">What the destination ran before (rollback target); null if never deployed there.</param>
/// <param name="State"><see cref="AppState"/>.</param>
/// <param name="PushStartedAt">When its push was started.</param>
/// <param name="StagedAt">When it was seen staged (running, checked, held at its gate).</param>
/// <param name="LiveAt">When it was seen live.</param>
/// <param name="FinishedAt">When it reached its final state.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record AppStatus(
    string Name,
    string Sha,
    string? PreviousSha,
    string State,
    DateTime? PushStartedAt,
    DateTime? StagedAt,
    DateTime? LiveAt,
    DateTime? FinishedAt,
    string? Error);
