using System.Text;
using System.Text.Json;
using Graduate.Temporal.Converters;
using Temporalio.Api.Workflow.V1;

namespace Graduate.Cli.Graduations;

/// <summary>
/// The tail of what running activities report in their heartbeats (a running hook's output, a push's log),
/// read from DescribeWorkflowExecution's pending activities, since the status query only has a hook's
/// output once it ended.
/// </summary>
public static class LiveOutputRenderer
{
    /// <summary>Lines of output shown per activity.</summary>
    public const int TailLines = 5;

    private static readonly string[] LogProperties = ["logTail", "lines", "log"];

    public static string Render(IEnumerable<PendingActivityInfo> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var text = new StringBuilder();
        foreach (var activity in pending)
        {
            if (activity.HeartbeatDetails is not { Payloads_.Count: > 0 } details)
            {
                continue;
            }

            JsonElement heartbeat;
            try
            {
                heartbeat = PayloadConverter.Decode<JsonElement>(details.Payloads_[0]);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                continue;
            }

            var lines = Tail(heartbeat);
            if (lines.Count == 0)
            {
                continue;
            }

            if (text.Length == 0)
            {
                text.Append("running:\n");
            }

            text.Append("  ").Append(activity.ActivityType?.Name ?? "activity");
            if (heartbeat.ValueKind == JsonValueKind.Object && heartbeat.TryGetProperty("job", out var job) && job.ValueKind == JsonValueKind.String)
            {
                text.Append(' ').Append(job.GetString());
            }

            text.Append('\n');
            foreach (var line in lines)
            {
                text.Append("      | ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    private static List<string> Tail(JsonElement heartbeat)
    {
        if (heartbeat.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        foreach (var name in LogProperties)
        {
            if (heartbeat.TryGetProperty(name, out var log) && log.ValueKind == JsonValueKind.Array)
            {
                var lines = log.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList();
                return lines.Skip(Math.Max(0, lines.Count - TailLines)).ToList();
            }
        }

        return [];
    }
}
