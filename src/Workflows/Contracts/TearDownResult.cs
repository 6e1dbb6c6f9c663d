namespace Graduate.Workflows.Contracts;

/// <summary>Each app's gate state after the teardown (e.g. <c>aborted</c>, <c>failed</c>, <c>live</c>, <c>none</c>).</summary>
public sealed record TearDownResult(IReadOnlyList<GateOutcome> Gates);
