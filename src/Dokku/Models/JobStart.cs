namespace Graduate.Dokku.Models;

/// <summary>
/// Answer of <c>graduate:push</c> / <c>graduate:hook</c>. <see cref="Created"/> is false when
/// the job already existed (a retried call), in which case <see cref="Status"/> is that job's.
/// </summary>
public sealed record JobStart(string GraduationId, string Job, bool Created, JobStatus Status);
