using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Temporalio.Api.Common.V1;

namespace Graduate.Temporal.Converters;

/// <summary>
/// Payloads are exactly <c>json/plain</c> (System.Text.Json, camelCase) so the Web UI and the
/// <c>temporal</c> CLI show them as JSON and accept JSON typed by a person.
/// </summary>
public static class PayloadConverter
{
    private static readonly ByteString JsonPlain = ByteString.CopyFromUtf8("json/plain");

    /// <summary>The JSON options used for every payload.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Encodes one value as a json/plain payload.</summary>
    public static Payload Encode(object? value)
    {
        var payload = new Payload
        {
            Data = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), JsonOptions)),
        };
        payload.Metadata.Add("encoding", JsonPlain);
        return payload;
    }

    /// <summary>Encodes each argument as its own payload.</summary>
    public static Payloads EncodeAll(IEnumerable<object?> values)
    {
        var payloads = new Payloads();
        payloads.Payloads_.AddRange(values.Select(Encode));
        return payloads;
    }

    /// <summary>Decodes a payload to <typeparamref name="T"/>.</summary>
    public static T? Decode<T>(Payload payload) => (T?)Decode(payload, typeof(T));

    /// <summary>Decodes a payload to <paramref name="type"/>; binary/null decodes to null.</summary>
    public static object? Decode(Payload payload, Type type)
    {
        var encoding = payload.Metadata.TryGetValue("encoding", out var e) ? e.ToStringUtf8() : "json/plain";
        switch (encoding)
        {
            case "binary/null":
                return null;
            case "json/plain":
                if (type == typeof(JsonElement) || type == typeof(object))
                {
                    return JsonDocument.Parse(payload.Data.Memory).RootElement.Clone();
                }

                return JsonSerializer.Deserialize(payload.Data.Span, type, JsonOptions);
            case "binary/plain" when type == typeof(byte[]):
                return payload.Data.ToByteArray();
            default:
                throw new NotSupportedException($"payload encoding '{encoding}' is not supported; send json/plain");
        }
    }

    /// <summary>Renders a payload as text for logs and error messages.</summary>
    public static string ToDisplayString(Payload payload) => Encoding.UTF8.GetString(payload.Data.Span);
}
