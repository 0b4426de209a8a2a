using System.Text.Json;
using System.Text.Json.Serialization;

namespace HandoffBot.Storage;

/// <summary>How aggregates are written into the LiteDB documents' "json" field.</summary>
internal static class StoreJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
