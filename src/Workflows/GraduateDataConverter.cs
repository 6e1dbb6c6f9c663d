using System.Text.Json;
using System.Text.Json.Serialization;
using Temporalio.Converters;

namespace Graduate.Workflows;

/// <summary>
/// The data converter every Graduate client and worker uses: Temporal's default converter with camelCase JSON, so
/// payloads are the documented contract (src/Workflows/README.md) and JSON typed by hand in the <c>temporal</c> CLI
/// or the Web UI (<c>{"source":{"name":...}}</c>) decodes into <see cref="GraduationInput"/>.
/// </summary>
public static class GraduateDataConverter
{
    /// <summary>camelCase names, case-insensitive reading, enums as camelCase strings.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static DataConverter Instance { get; } = DataConverter.Default with
    {
        PayloadConverter = new DefaultPayloadConverter(JsonOptions),
    };
}
