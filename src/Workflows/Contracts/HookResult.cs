namespace Graduate.Workflows.Contracts;

/// <summary>How a hook ended; also the details of a <c>HookFailed</c> failure and (while running) the heartbeat details.</summary>
/// <param name="Job">The plugin job name (<c>pre-1</c>, <c>post-1</c>, ...).</param>
/// <param name="ExitCode">Null while running, or when the job vanished without an exit code.</param>
/// <param name="LogTail">The last lines of its output.</param>
public sealed record HookResult(string Job, int? ExitCode, IReadOnlyList<string> LogTail);
