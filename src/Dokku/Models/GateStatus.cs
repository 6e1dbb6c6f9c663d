namespace Graduate.Dokku.Models;

/// <summary>One app's gate in <c>graduate:gates</c>; <see cref="RawState"/> keeps the plugin's word.</summary>
public sealed record GateStatus(GateState State, string RawState, DateTimeOffset? UpdatedAt);
