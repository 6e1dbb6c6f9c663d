using System.Text.Json;

namespace Graduate.Cli.Graduations;

/// <summary>
/// <c>--json</c>: one JSON object per change (NDJSON: <c>{"time","event","text",...}</c>), then the outcome as the
/// last line: <c>{"id","outcome","result","error"}</c>.
/// </summary>
internal sealed class JsonLinesView(TextWriter output) : IGraduationView
{
    private JsonElement? last;

    public Task<int> RunAsync(Func<Task<int>> follow) => follow();

    public async Task ShowAsync(JsonElement status, IReadOnlyList<ActivityOutput> running, DateTimeOffset now)
    {
        foreach (var change in GraduationChanges.Between(last, status, now))
        {
            await output.WriteLineAsync(change.ToJson()).ConfigureAwait(false);
        }

        last = status;
        await output.FlushAsync().ConfigureAwait(false);
    }

    public Task NoWorkerAsync(string message) =>
        output.WriteLineAsync(CliJson.Serialize(new { time = DateTimeOffset.UtcNow, @event = "waiting", text = message }));

    public Task EndAsync(string id, string outcome, JsonElement? result, string? error, DateTimeOffset now) =>
        output.WriteLineAsync(CliJson.Serialize(new { id, outcome, result, error }));
}
