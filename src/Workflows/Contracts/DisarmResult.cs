namespace Graduate.Workflows.Contracts;

/// <summary>Apps whose arming was removed (or was already gone), and apps left armed because their push still runs.</summary>
public sealed record DisarmResult(IReadOnlyList<string> Disarmed, IReadOnlyList<string> LeftArmed);
