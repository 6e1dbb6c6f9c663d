using Graduate.Dokku;

namespace Graduate.Activities;

/// <summary>Follows a detached job's log incrementally and keeps its last lines.</summary>
internal sealed class JobLogTail(DokkuClient client, string graduationId, string job, int keep)
{
    private readonly Queue<string> lines = new();
    private int next = 1;

    public IReadOnlyList<string> Lines => [.. lines];

    /// <summary>Fetches the lines up to <paramref name="logLines"/> (the job's count in <c>graduate:jobs</c>) not fetched yet.</summary>
    public async Task<IReadOnlyList<string>> UpdateAsync(int logLines, CancellationToken ct)
    {
        if (logLines < next)
        {
            return Lines;
        }

        var fresh = (await client.GetJobLogAsync(graduationId, job, next, ct).ConfigureAwait(false)).Take(logLines - next + 1).ToList();
        next += fresh.Count;
        foreach (var line in fresh)
        {
            lines.Enqueue(line);
            while (lines.Count > keep)
            {
                lines.Dequeue();
            }
        }

        return Lines;
    }
}
