namespace Graduate.Workflows.Status;

/// <summary>One hook in the <c>status</c> query.</summary>
/// <param name="Kind"><c>PRE</c> or <c>POST</c>.</param>
/// <param name="Index">1-based, as <c>graduate hooks list</c> numbers them.</param>
/// <param name="Command">The shell line.</param>
/// <param name="State"><c>pending</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c> or <c>skipped</c>.</param>
/// <param name="Job">The plugin job name (<c>pre-1</c>, <c>post-2</c>): <c>graduate:job-log &lt;gid&gt; &lt;job&gt;</c> has its output.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="ExitCode">Its exit code, once known.</param>
/// <param name="LogTail">The last lines of its output, once it ended (live tail: the activity's heartbeat details).</param>
public sealed record HookStatus(
    string Kind,
    int Index,
    string Command,
    string State,
    string Job,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int? ExitCode,
    IReadOnlyList<string> LogTail);
