namespace Graduate.Workflows.Contracts;

/// <summary>One app to graduate: the source's deployed sha, and the destination's before it (null: never deployed there).</summary>
public sealed record AppPlan(string Name, string Sha, string? PreviousSha);
