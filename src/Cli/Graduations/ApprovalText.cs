using System.Globalization;
using System.Text.Json;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.Graduations;

/// <summary>The status's <c>approval</c> object as one sentence, the same in <c>status</c>, <c>watch</c> and the live view.</summary>
internal static class ApprovalText
{
    /// <summary>Null when the graduation needs no approval (no <c>approval</c> object).</summary>
    public static string? Describe(JsonElement status)
    {
        if (status.ValueKind != JsonValueKind.Object || !status.TryGetProperty("approval", out var approval) || approval.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var destination = Text(status, "destination") ?? "DST";
        var by = Text(approval, "by") ?? "someone";
        var note = Text(approval, "note");
        var at = Time(approval, "at") is { } when ? " at " + Clock(when) : "";
        return Text(approval, "state") switch
        {
            "pending" => "approval required: it waits for `graduate approve` once every app is staged and the POST hooks passed",
            "waiting" => $"awaiting approval until {(Time(approval, "deadline") is { } deadline ? Clock(deadline) : "its deadline")}: "
                + $"`graduate approve {destination} [--note TEXT]` or `graduate reject {destination} --reason TEXT`",
            "approved" => $"approved by {by}{at}" + (note is null ? "" : ": " + note),
            "rejected" => $"rejected by {by}{at}" + (note is null ? "" : ": " + note),
            "timed-out" => $"approval timed out{at}: nobody approved before the deadline",
            var other => "approval " + (other ?? "?"),
        };
    }

    private static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
