using System.Text.Json;

namespace Graduate.Bench;

/// <summary>
/// One activity from a graduation's history: its type, its input as JSON, when it was scheduled, started and closed, and
/// which attempt the last start was (with the failure that ended the attempt before it, if any).
/// </summary>
internal sealed record ActivitySpan(string Name, string Input, DateTimeOffset Scheduled, DateTimeOffset? Started, DateTimeOffset? Closed, string Outcome)
{
    /// <summary>The attempt that started last (1 unless it was retried).</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Why the attempt before the last one failed, when there was one.</summary>
    public string? LastFailure { get; init; }

    /// <summary>Scheduled to closed: what the workflow waited for it, queueing included.</summary>
    public TimeSpan? Duration => Closed - Scheduled;

    /// <summary>Scheduled to started: the time it waited for a worker to pick it up (the last attempt's).</summary>
    public TimeSpan? Queued => Started - Scheduled;

    /// <summary>The <c>app</c> field of its input (PushApp, CheckInstall), if any.</summary>
    public string? App
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Input);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.EnumerateObject().FirstOrDefault(p => p.NameEquals("app") || p.NameEquals("App")) is { Value.ValueKind: JsonValueKind.String } property
                    ? property.Value.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
