namespace Graduate.Workflows.Contracts;

/// <summary>Which apps went live and which did not (with why).</summary>
public sealed record GoLiveResult(IReadOnlyList<string> Live, IReadOnlyList<AppFailure> Failed);
