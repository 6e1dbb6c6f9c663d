using System.Globalization;

namespace Graduate.Cli.Graduations;

/// <summary>
/// One thing that changed in a graduation between two looks at it: a line in a pipe or CI log, an object in
/// <c>--json</c>'s NDJSON stream.
/// </summary>
/// <param name="At">When it was seen.</param>
/// <param name="Event">What kind of change: <c>started</c>, <c>phase</c>, <c>app</c>, <c>skipped</c>, <c>hook</c>, <c>error</c>, <c>cancel</c>, <c>approval</c>, <c>tag</c>.</param>
/// <param name="Text">The change as one sentence.</param>
/// <param name="Fields">The change as data (camelCase names).</param>
/// <param name="Detail">Lines shown under it (a finished hook's output), indented.</param>
public sealed record GraduationChange(DateTimeOffset At, string Event, string Text, IReadOnlyDictionary<string, object?> Fields, IReadOnlyList<string> Detail)
{
    public string ToLines()
    {
        var line = At.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " " + Text;
        return Detail.Count == 0 ? line : line + "\n" + string.Join('\n', Detail.Select(d => "    | " + d));
    }

    public string ToJson()
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal) { ["time"] = At, ["event"] = Event };
        foreach (var (name, value) in Fields)
        {
            fields[name] = value;
        }

        fields["text"] = Text;
        return CliJson.Serialize(fields);
    }
}
