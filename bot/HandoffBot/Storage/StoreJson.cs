using System.Text.Json;
using System.Text.Json.Serialization;

namespace HandoffBot.Storage;

/// <summary>
/// How aggregates are written into the LiteDB documents' "json" field. Text is kept as UTF-8, not
/// \uXXXX-escaped (the default escapes every non-ASCII and HTML-sensitive character, up to six
/// bytes for one): this JSON is never put in a web page, and its size is what a deal may hold.
/// </summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
