namespace Graduate.Workflows.Contracts;

/// <summary>An app's gate state as the destination reports it.</summary>
public sealed record GateOutcome(string App, string State);
