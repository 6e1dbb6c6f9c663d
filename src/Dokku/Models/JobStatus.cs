namespace Graduate.Dokku.Models;

/// <summary>One detached job (push or hook) in <c>graduate:jobs</c>.</summary>
public sealed record JobStatus(
    JobKind Kind,
    JobState State,
    int? ExitCode,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int LogLines);
