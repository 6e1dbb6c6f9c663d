namespace Graduate.Cli.History;

/// <summary>
/// One graduation or rollback to a destination, from its Temporal run, its state tag, or both joined by the tag the run
/// wrote. A tag with no run (Temporal's retention deleted it, or another tool wrote the tag) has no ids, link or starter.
/// </summary>
/// <param name="Kind"><c>graduation</c> or <c>rollback</c>.</param>
/// <param name="RollbackTo">For a rollback, the tag it rolled back to.</param>
/// <param name="Outcome"><c>completed</c>, <c>failed</c>, <c>canceled</c>, <c>terminated</c>, <c>timed-out</c> or <c>running</c>.</param>
/// <param name="StartedAt">When the run started (null when only the tag is known).</param>
/// <param name="EndedAt">When the run ended, or when the tag was written when only the tag is known; null while it runs.</param>
/// <param name="StartedBy">The identity of the client that started the run.</param>
/// <param name="Approval">The approval it waited for, null when none was required.</param>
/// <param name="Source">The environment it promoted from.</param>
/// <param name="Apps">The apps and their releases.</param>
/// <param name="Tag">The state tag it wrote (only a completed run writes one).</param>
/// <param name="Errors">What went wrong, one sentence each.</param>
/// <param name="WorkflowId">The Temporal workflow id (<c>graduate-DST</c>).</param>
/// <param name="RunId">The Temporal run id.</param>
/// <param name="Url">The run's page in the Temporal Web UI.</param>
public sealed record HistoryEntry(
    string Kind,
    string? RollbackTo,
    string Outcome,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? StartedBy,
    HistoryApproval? Approval,
    string? Source,
    IReadOnlyList<HistoryApp> Apps,
    string? Tag,
    IReadOnlyList<string> Errors,
    string? WorkflowId,
    string? RunId,
    string? Url)
{
    public const string Graduation = "graduation";

    public const string Rollback = "rollback";

    /// <summary>When it happened, for ordering: the run's start, else the tag's time.</summary>
    internal DateTimeOffset When => StartedAt ?? EndedAt ?? DateTimeOffset.MinValue;
}
