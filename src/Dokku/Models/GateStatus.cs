namespace Graduate.Dokku.Models;

/// <summary>
/// One app's gate in <c>graduate:gates</c>; <see cref="RawState"/> keeps the plugin's word.
/// <see cref="Deadline"/> is when the gate fails on its own if nobody opens it.
/// </summary>
public sealed record GateStatus(
    GateState State,
    string RawState,
    DateTimeOffset? UpdatedAt,
    int? TimeoutSeconds = null,
    DateTimeOffset? Deadline = null);
