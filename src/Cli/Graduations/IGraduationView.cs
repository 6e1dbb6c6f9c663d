using System.Text.Json;

namespace Graduate.Cli.Graduations;

/// <summary>How a followed graduation is shown: live in a terminal, as lines in a pipe, or as NDJSON.</summary>
internal interface IGraduationView
{
    /// <summary>Runs <paramref name="follow"/> (the watcher's loop) inside the view (a terminal view draws meanwhile).</summary>
    Task<int> RunAsync(Func<Task<int>> follow);

    /// <summary>The graduation's latest status and the output of its running activities.</summary>
    Task ShowAsync(JsonElement status, IReadOnlyList<ActivityOutput> running, DateTimeOffset now);

    /// <summary>The graduation runs but no worker answers its queries.</summary>
    Task NoWorkerAsync(string message);

    /// <summary>It ended: its outcome, its result (null when the execution did not complete) and why it failed.</summary>
    Task EndAsync(string id, string outcome, JsonElement? result, string? error, DateTimeOffset now);
}
