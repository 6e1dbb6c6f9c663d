namespace Graduate.Workflows.Contracts;

/// <summary>The app is held at its gate (<c>staged</c>) or already through it (<c>live</c>).</summary>
public sealed record CheckInstallResult(string App, string Job, string GateState);
