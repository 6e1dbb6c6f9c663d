namespace Graduate.Activities;

/// <summary>
/// Config key names (never values) of one app that differ between the environments, without Dokku's own keys
/// and the destination's environment-specific ones.
/// </summary>
/// <param name="App">The app.</param>
/// <param name="MissingOnDestination">Set on the source, not on the destination: the new release may need them.</param>
/// <param name="MissingOnSource">Set on the destination only.</param>
public sealed record ConfigDrift(string App, IReadOnlyList<string> MissingOnDestination, IReadOnlyList<string> MissingOnSource);
