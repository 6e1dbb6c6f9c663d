using System.Text.Json;

namespace Graduate.Cli.Graduations;

/// <summary>
/// For pipes and CI logs: one line per change (an app staged, a hook finished with its exit code, go-live, the
/// outcome), never a repeated block; at the end the result once, then the outcome line.
/// </summary>
internal sealed class LinesView(TextWriter output) : IGraduationView
{
    private JsonElement? last;

    public Task<int> RunAsync(Func<Task<int>> follow) => follow();

    public async Task ShowAsync(JsonElement status, IReadOnlyList<ActivityOutput> running, DateTimeOffset now)
    {
        foreach (var change in GraduationChanges.Between(last, status, now))
        {
            await output.WriteLineAsync(change.ToLines()).ConfigureAwait(false);
        }

        last = status;
        await output.FlushAsync().ConfigureAwait(false);
    }

    public Task NoWorkerAsync(string message) => output.WriteLineAsync(message);

    public async Task EndAsync(string id, string outcome, JsonElement? result, string? error, DateTimeOffset now)
    {
        if (result is { ValueKind: JsonValueKind.Object } summary)
        {
            // The last changes (the final app states, the tag) the status did not show yet, then the result once.
            foreach (var change in GraduationChanges.Between(last ?? summary, summary, now).Where(c => c.Event is "app" or "error" or "tag"))
            {
                await output.WriteLineAsync(change.ToLines()).ConfigureAwait(false);
            }

            await output.WriteAsync(StatusRenderer.Render(summary, now, includeIdentity: false)).ConfigureAwait(false);
        }

        await output.WriteLineAsync(error is null ? $"{id}: {outcome}" : $"{id}: {outcome}: {error}").ConfigureAwait(false);
    }
}
