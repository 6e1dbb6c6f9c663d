namespace Graduate.Workflows;

/// <summary>
/// Argument of the <c>approve</c> update and signal (<c>{"note": "...", "by": "..."}</c>; both optional, and the
/// Web UI's signal button may send nothing at all).
/// </summary>
/// <param name="Note">What the approver wants on record.</param>
/// <param name="By">Who approves: the client's identity or the user's name (the workflow cannot see who sent it).</param>
public sealed record ApproveRequest(string? Note = null, string? By = null);
