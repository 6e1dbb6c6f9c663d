using System.Text.Json;

namespace Graduate.Cli;

/// <summary>How every <c>--json</c> output is written: camelCase, one line (scripts read the last line).</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
