namespace Graduate.Workflows;

/// <summary>Argument of the <c>reject</c> update and signal (<c>{"reason": "...", "by": "..."}</c>).</summary>
/// <param name="Reason">Why; the update refuses an empty one (a signal without one is recorded as "no reason given").</param>
/// <param name="By">Who rejects: the client's identity or the user's name.</param>
public sealed record RejectRequest(string? Reason = null, string? By = null);
