using System.Text.Json;
using static Graduate.Cli.Graduations.StatusJson;

namespace Graduate.Cli.History;

/// <summary>
/// Reads a run's input and result, the status query's answer and a tag's manifest by property name, tolerating what is
/// absent: runs written by older or newer workflow versions (and rollbacks, whose input carries <c>rollbackTo</c> and
/// <c>releases</c>) all read.
/// </summary>
internal static class HistoryJson
{
    /// <summary>
    /// The apps of a result (<c>beforeSha</c>/<c>afterSha</c>), a status or a manifest (<c>previousSha</c>/<c>sha</c>), or
    /// an input (<c>apps</c> names; a rollback's <c>releases</c> map); empty when it names none.
    /// </summary>
    public static IReadOnlyList<HistoryApp> Apps(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } value)
        {
            return [];
        }

        var apps = Items(value, "apps")
            .Select(a => a.ValueKind == JsonValueKind.String
                ? new HistoryApp(a.GetString() ?? "", null, null, null)
                : new HistoryApp(
                    Text(a, "name") ?? "",
                    Text(a, "afterSha") ?? Text(a, "sha"),
                    Text(a, "beforeSha") ?? Text(a, "previousSha"),
                    Text(a, "state"),
                    Text(a, "release")))
            .Where(a => a.Name.Length > 0)
            .ToList();
        if (apps.Count == 0 && value.TryGetProperty("releases", out var releases) && releases.ValueKind == JsonValueKind.Object)
        {
            apps = [.. releases.EnumerateObject().Select(r => new HistoryApp(r.Name, r.Value.ValueKind == JsonValueKind.String ? r.Value.GetString() : null, null, null))];
        }

        return apps;
    }

    /// <summary>The <c>approval</c> object (a result's, a status's or a manifest's, which has no state: a tag is only written once approved).</summary>
    public static HistoryApproval? Approval(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("approval", out var approval) && approval.ValueKind == JsonValueKind.Object
            ? new HistoryApproval(Text(approval, "state") ?? "approved", Text(approval, "by"), Text(approval, "note"), Time(approval, "at"))
            : null;

    /// <summary>The <c>errors</c> array's sentences.</summary>
    public static IReadOnlyList<string> Errors(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Object } value ? [.. Items(value, "errors").Select(Scalar)] : [];

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            ? property.GetString()
            : null;

    /// <summary><c>source.name</c> of an input.</summary>
    public static string? SourceName(JsonElement? input) =>
        input is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("source", out var source) ? String(source, "name") : null;

    /// <summary>The text parsed as JSON, or null when it is not JSON (tags written by hand or by the old plugin).</summary>
    public static JsonElement? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
