using System.Globalization;
using System.Text;
using System.Text.Json;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.Graduations;

/// <summary>
/// Renders the <c>status</c> query's JSON as plain lines: the phase, each app with its state and time, each
/// hook with its result and the tail of its output, errors, and any cancel. It reads properties by name
/// and prints anything it does not know generically, so the CLI keeps working when the workflow's status
/// record gains fields.
/// </summary>
public static class StatusRenderer
{
    private static readonly HashSet<string> Handled = new(StringComparer.Ordinal)
    {
        "phase", "outcome", "apps", "hooks", "errors", "cancelRequested", "cancelReason", "cancelTooLate", "startedAt", "finishedAt", "approval",
    };

    // Who and what: worth showing once, not on every update of a live view.
    private static readonly HashSet<string> Identity = new(StringComparer.Ordinal) { "graduationId", "source", "destination", "rollbackTo" };

    /// <param name="status">The query's answer.</param>
    /// <param name="now">Used for the elapsed time of apps still in flight.</param>
    /// <param name="includeIdentity">Whether to show the graduation id, source and destination.</param>
    public static string Render(JsonElement status, DateTimeOffset now, bool includeIdentity = true)
    {
        var text = RenderLines(status, now, includeIdentity);
        return string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()));
    }

    private static string RenderLines(JsonElement status, DateTimeOffset now, bool includeIdentity)
    {
        var text = new StringBuilder();
        if (status.ValueKind != JsonValueKind.Object)
        {
            return Scalar(status) + "\n";
        }

        if (Text(status, "phase") is { } phase)
        {
            text.Append("phase: ").Append(phase);
            if (Text(status, "outcome") is { } outcome && !string.Equals(outcome, phase, StringComparison.OrdinalIgnoreCase))
            {
                text.Append(" (").Append(outcome).Append(')');
            }

            text.Append('\n');
        }

        if (ApprovalText.Describe(status) is { } approval)
        {
            text.Append(approval).Append('\n');
        }

        foreach (var property in status.EnumerateObject().Where(p => !Handled.Contains(p.Name) && (includeIdentity || !Identity.Contains(p.Name))))
        {
            Generic(text, property.Name, property.Value);
        }

        if (status.TryGetProperty("apps", out var apps) && apps.ValueKind == JsonValueKind.Array && apps.GetArrayLength() > 0)
        {
            text.Append("apps:\n");
            var width = apps.EnumerateArray().Max(a => (Text(a, "name") ?? "").Length);
            foreach (var app in apps.EnumerateArray())
            {
                if (Text(app, "name") is not { } name || Text(app, "state") is not { } state)
                {
                    text.Append("  - ").Append(Item(app)).Append('\n');
                    continue;
                }

                text.Append("  ").Append(name.PadRight(width)).Append("  ").Append(state.PadRight(10));
                if (Time(app, "pushStartedAt") is { } started)
                {
                    var end = Time(app, "finishedAt") ?? Time(app, "liveAt") ?? now;
                    text.Append("  ").Append(Duration(end - started));
                }

                if (Text(app, "error") is { } error)
                {
                    text.Append("  ! ").Append(error);
                }

                text.Append('\n');
            }
        }

        if (status.TryGetProperty("hooks", out var hooks) && hooks.ValueKind == JsonValueKind.Array && hooks.GetArrayLength() > 0)
        {
            text.Append("hooks:\n");
            foreach (var hook in hooks.EnumerateArray())
            {
                if (Text(hook, "command") is not { } command)
                {
                    text.Append("  - ").Append(Item(hook)).Append('\n');
                    continue;
                }

                text.Append("  ").Append(Text(hook, "kind") ?? "").Append(' ').Append(Text(hook, "index") ?? "")
                    .Append("  ").Append(Text(hook, "state") ?? "").Append(Text(hook, "exitCode") is { } code ? $" (exit {code})" : "")
                    .Append("  ").Append(command).Append('\n');
                if (hook.TryGetProperty("logTail", out var tail) && tail.ValueKind == JsonValueKind.Array)
                {
                    foreach (var line in tail.EnumerateArray())
                    {
                        text.Append("      | ").Append(Scalar(line)).Append('\n');
                    }
                }
            }
        }

        if (status.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in errors.EnumerateArray())
            {
                text.Append("error: ").Append(Scalar(error)).Append('\n');
            }
        }

        if (status.TryGetProperty("cancelTooLate", out var late) && late.ValueKind == JsonValueKind.True)
        {
            text.Append("cancel came too late: go-live had begun, so the graduation finishes\n");
        }
        else if (status.TryGetProperty("cancelRequested", out var canceled) && canceled.ValueKind == JsonValueKind.True)
        {
            text.Append("cancel requested").Append(Text(status, "cancelReason") is { } reason ? ": " + reason : "").Append('\n');
        }

        return text.ToString();
    }

    /// <summary>"1m05s" / "4.2s" style durations.</summary>
    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, elapsed.TotalSeconds):0.0}s");

    private static void Generic(StringBuilder text, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Array when value.GetArrayLength() == 0:
                return;
            case JsonValueKind.Array:
                text.Append(name).Append(":\n");
                foreach (var item in value.EnumerateArray())
                {
                    text.Append("  - ").Append(Item(item)).Append('\n');
                }

                return;
            default:
                text.Append(name).Append(": ").Append(Item(value)).Append('\n');
                return;
        }
    }

    private static string Item(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
            ? string.Join(", ", item.EnumerateObject()
                .Where(p => p.Value.ValueKind != JsonValueKind.Null)
                .Select(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                    ? $"{p.Name}={p.Value.GetRawText()}"
                    : $"{p.Name}={Scalar(p.Value)}"))
            : Scalar(item);
}
