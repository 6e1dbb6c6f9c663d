using System.Text.Json;
using Graduate.Workflows;
using Temporalio.Api.Workflow.V1;
using Temporalio.Converters;

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

    /// <summary>Each pending activity whose heartbeat carries output, with its last <see cref="TailLines"/> lines.</summary>
    public static IReadOnlyList<ActivityOutput> Extract(IEnumerable<PendingActivityInfo> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var outputs = new List<ActivityOutput>();
        foreach (var activity in pending)
        {
            if (activity.HeartbeatDetails is not { Payloads_.Count: > 0 } details)
            {
                continue;
            }

            JsonElement heartbeat;
            try
            {
                heartbeat = GraduateDataConverter.Instance.PayloadConverter.ToValue<JsonElement>(details.Payloads_[0]);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
            {
                continue;
            }

            var lines = Tail(heartbeat);
            if (lines.Count > 0)
            {
                var job = heartbeat.ValueKind == JsonValueKind.Object && heartbeat.TryGetProperty("job", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
                outputs.Add(new ActivityOutput(activity.ActivityType?.Name ?? "activity", job, lines));
            }
        }

        return outputs;
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
