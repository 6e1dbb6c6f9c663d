using Graduate.Dokku;

namespace Graduate.Activities;

/// <summary>Follows a detached job's log incrementally and keeps its last lines.</summary>
internal sealed class JobLogTail(DokkuClient client, string graduationId, string job, int keep)
{
    private readonly List<string> lines = [];
    private int next = 1;

    // The last line fetched without knowing how many lines the log has may be one the job is still writing: it is
    // fetched again (and replaced) next time.
    private bool lastMayBeUnfinished;

    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>Fetches the lines up to <paramref name="logLines"/> (the job's count in <c>graduate:jobs</c>) not fetched yet.</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(int logLines, CancellationToken ct)
    {
        if (logLines < next)
        {
            return Lines;
        }

        var fresh = (await client.GetJobLogAsync(graduationId, job, next, ct).ConfigureAwait(false)).Take(logLines - next + 1).ToList();
        Add(fresh, unfinishedLast: false);
        return Lines;
    }

    /// <summary>Fetches whatever the log has gained, when its line count is not known (the job still runs).</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(CancellationToken ct)
    {
        var fresh = await client.GetJobLogAsync(graduationId, job, next, ct).ConfigureAwait(false);
        Add(fresh, unfinishedLast: true);
        return Lines;
    }

    private void Add(IReadOnlyList<string> fresh, bool unfinishedLast)
    {
        if (fresh.Count == 0)
        {
            return;
        }

        if (lastMayBeUnfinished && lines.Count > 0)
        {
            // The fetch started at that line again: its new version replaces it.
            lines.RemoveAt(lines.Count - 1);
        }

        lines.AddRange(fresh);
        if (lines.Count > keep)
        {
            lines.RemoveRange(0, lines.Count - keep);
        }

        lastMayBeUnfinished = unfinishedLast;
        next += unfinishedLast ? fresh.Count - 1 : fresh.Count;
    }
}
