using System.Globalization;
using Graduate.Dokku.Models;

namespace Graduate.Cli.History;

/// <summary>
/// What <c>graduate history DST</c> prints: the runs to DST from Temporal joined with DST's tags from SRC's state repo,
/// newest first.
/// </summary>
/// <param name="Destination">DST.</param>
/// <param name="Source">SRC, whose state repo holds DST's tags; null when none was read (DST is listed first and no --from).</param>
/// <param name="TagsRead">Whether the tags were read; when not, only Temporal's runs are listed and <paramref name="Warning"/> says why.</param>
/// <param name="Warning">Why the tags were not read.</param>
/// <param name="Entries">Newest first.</param>
public sealed record GraduationHistory(string Destination, string? Source, bool TagsRead, string? Warning, IReadOnlyList<HistoryEntry> Entries)
{
    /// <summary>
    /// The newest <paramref name="limit"/> of <paramref name="runs"/> and <paramref name="tags"/> together: a run that wrote
    /// a tag takes the tag's manifest for what its result lacks, and a tag no run wrote is an entry of its own.
    /// </summary>
    /// <param name="runs">The newest runs (at most <paramref name="limit"/>; older runs cannot be among the newest entries,
    /// because runs to one destination never overlap and a run's tag is written before it ends).</param>
    /// <param name="tags">The destination's tags.</param>
    /// <param name="source">The environment whose state repo the tags came from.</param>
    /// <param name="limit">How many entries at most.</param>
    public static IReadOnlyList<HistoryEntry> Merge(IReadOnlyList<HistoryEntry> runs, IReadOnlyList<StateTag> tags, string? source, int limit)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(tags);
        var byTag = tags.GroupBy(t => t.Tag, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var joined = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<HistoryEntry>();
        foreach (var run in runs)
        {
            if (run.Tag is { } name && byTag.TryGetValue(name, out var tag))
            {
                joined.Add(name);
                var manifest = HistoryJson.Parse(tag.Message);
                entries.Add(run with
                {
                    Apps = run.Apps.Any(a => a.Sha is not null) ? run.Apps : HistoryJson.Apps(manifest) is { Count: > 0 } apps ? apps : run.Apps,
                    Approval = run.Approval ?? HistoryJson.Approval(manifest),
                });
            }
            else
            {
                entries.Add(run);
            }
        }

        entries.AddRange(tags.Where(t => !joined.Contains(t.Tag)).Select(t => FromTag(t, source)));
        return [.. entries.OrderByDescending(e => e.When).Take(limit)];
    }

    /// <summary>An entry from a tag alone: a tag is written only when a graduation (or rollback) completed.</summary>
    public static HistoryEntry FromTag(StateTag tag, string? source)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var manifest = HistoryJson.Parse(tag.Message);
        var rollbackTo = HistoryJson.String(manifest, "rollbackTo");
        return new HistoryEntry(
            rollbackTo is null ? HistoryEntry.Graduation : HistoryEntry.Rollback,
            rollbackTo,
            "completed",
            null,
            TagTime(tag.Tag),
            null,
            HistoryJson.Approval(manifest),
            source,
            HistoryJson.Apps(manifest),
            tag.Tag,
            [],
            null,
            null,
            null);
    }

    /// <summary>The UTC time in a tag named <c>DST/yyyyMMddHHmmss</c>, or null for a tag named otherwise.</summary>
    public static DateTimeOffset? TagTime(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var stamp = tag[(tag.LastIndexOf('/') + 1)..];
        return DateTimeOffset.TryParseExact(stamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }
}
