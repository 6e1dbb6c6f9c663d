namespace Graduate.Cli.Plans;

/// <summary>An app left alone because DST already runs <paramref name="Release"/>.</summary>
public sealed record PlanSkippedApp(string App, string Release, string Reason);
