using System.Text.Json;
using System.Text.Json.Serialization;

namespace HandoffBot.Core.Serialization;

/// <summary>System.Text.Json cannot create an <see cref="IReadOnlySet{T}"/>; this reads it as a <see cref="HashSet{T}"/>.</summary>
public sealed class ReadOnlySetConverter<T> : JsonConverter<IReadOnlySet<T>>
{
    public override IReadOnlySet<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<HashSet<T>>(ref reader, options) ?? [];

    public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value?.ToArray() ?? [], options);
}
