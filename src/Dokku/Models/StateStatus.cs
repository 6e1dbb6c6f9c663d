namespace Graduate.Dokku.Models;

/// <summary><c>graduate:state-status</c>: whether the environment state repo has uncommitted changes.</summary>
public sealed record StateStatus(bool Clean, IReadOnlyList<string> Dirty);
