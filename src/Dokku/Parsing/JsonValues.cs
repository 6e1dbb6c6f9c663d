using System.Globalization;
using System.Text.Json;

namespace Graduate.Dokku.Parsing;

/// <summary>
/// Lenient readers for Dokku's JSON. Dokku's <c>*:report --format json</c> prints every
/// value as a string ("true", "1"), while our plugin prints real booleans and numbers; both
/// must read the same.
/// </summary>
internal static class JsonValues
{
    public static string? AsString(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };

    public static bool? AsBool(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString()?.Trim().ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" or "" => false,
            _ => null,
        },
        JsonValueKind.Number => element.TryGetInt64(out var n) ? n != 0 : null,
        _ => null,
    };

    public static int? AsInt(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.TryGetInt32(out var n) ? n : null,
        JsonValueKind.String => int.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
        _ => null,
    };

    public static DateTimeOffset? AsTime(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    /// <summary>A JSON array of strings, or a comma/space separated string (Dokku's report style; "none" means empty).</summary>
    public static IReadOnlyList<string> AsList(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return [.. element.EnumerateArray().Select(AsString).OfType<string>()];
        }

        return SplitList(AsString(element));
    }

    public static IReadOnlyList<string> SplitList(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0 || string.Equals(trimmed, "none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return trimmed.Split([',', ' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) ? value : null;

    /// <summary>All properties of a report object as strings, for fields we do not model.</summary>
    public static IReadOnlyDictionary<string, string?> Flatten(JsonElement obj)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in obj.EnumerateObject())
            {
                values[property.Name] = AsString(property.Value);
            }
        }

        return values;
    }
}
