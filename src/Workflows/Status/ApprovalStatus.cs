namespace Graduate.Workflows.Status;

/// <summary>
/// The approval a graduation waits for before go-live (null in the status and result when none is required).
/// </summary>
/// <param name="Required">Always true when present.</param>
/// <param name="State"><see cref="ApprovalState"/>.</param>
/// <param name="By">Who approved or rejected.</param>
/// <param name="Note">The approver's note, or the rejection's reason.</param>
/// <param name="At">When it was approved, rejected or timed out.</param>
/// <param name="Deadline">Once waiting: when the graduation tears down unless approved.</param>
public sealed record ApprovalStatus(bool Required, string State, string? By, string? Note, DateTime? At, DateTime? Deadline);
