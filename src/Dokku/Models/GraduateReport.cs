namespace Graduate.Dokku.Models;

/// <summary><c>graduate:report</c>: every app's deployed revision and graduation blockers, in one call.</summary>
public sealed record GraduateReport(IReadOnlyDictionary<string, GraduateAppReport> Apps);
