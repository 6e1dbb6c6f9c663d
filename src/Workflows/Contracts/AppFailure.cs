namespace Graduate.Workflows.Contracts;

/// <summary>An app that did not make it, with the reason and the tail of its push log.</summary>
/// <param name="App">The app.</param>
/// <param name="Reason">Why, one sentence.</param>
/// <param name="LogTail">The last lines of its push log.</param>
/// <param name="PassedGate">Its deploy passed the gate before failing, so traffic may already have switched: roll it back.</param>
public sealed record AppFailure(string App, string Reason, IReadOnlyList<string> LogTail, bool PassedGate = false);
