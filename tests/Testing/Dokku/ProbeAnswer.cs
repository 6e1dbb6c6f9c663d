namespace Graduate.Testing;

/// <summary>One answer of a <see cref="PublicUrlProbe"/>: <see cref="Version"/> is null for a failed request.</summary>
public sealed record ProbeAnswer(DateTimeOffset At, string? Version, string Detail);
