using Graduate.Workflows;

namespace Graduate.Bench;

/// <summary>One graduation as the benchmark saw it, independent of the Temporal SDK that ran it.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Result">The workflow's result.</param>
/// <param name="StartedAt">When the client asked to start it (local clock).</param>
/// <param name="Wall">From that request until the client had the result.</param>
/// <param name="HistoryStarted">The history's first event (server clock, the same machine).</param>
/// <param name="HistoryClosed">The history's last event.</param>
/// <param name="Activities">Every activity it scheduled, in order.</param>
internal sealed record GraduationRun(
    string WorkflowId,
    GraduationResult Result,
    DateTimeOffset StartedAt,
    TimeSpan Wall,
    DateTimeOffset HistoryStarted,
    DateTimeOffset HistoryClosed,
    IReadOnlyList<ActivitySpan> Activities)
{
    public DateTimeOffset FinishedAt => StartedAt + Wall;

    /// <summary>The activities of one type, in the order they were scheduled.</summary>
    public IReadOnlyList<ActivitySpan> Named(string name) => [.. Activities.Where(a => a.Name == name)];

    /// <summary>The first activity of one type, if it was scheduled.</summary>
    public ActivitySpan? First(string name) => Named(name) is [var first, ..] ? first : null;
}
