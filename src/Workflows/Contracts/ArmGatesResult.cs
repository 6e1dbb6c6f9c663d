namespace Graduate.Workflows.Contracts;

/// <summary>Gates armed, as the destination reports them.</summary>
public sealed record ArmGatesResult(IReadOnlyList<string> Apps);
