using HandoffBot.Core.Handoffs;

namespace HandoffBot.Storage;

/// <summary>The handoff aggregate as stored JSON, the same in the LiteDB file and in PostgreSQL.</summary>
internal static class HandoffDocuments
{
    /// <summary>LiteDB's largest document is 2047 × 8150 bytes (16,683,050); both stores keep the same limit so a deal moves between them.</summary>
    public const int MaxJsonBytes = 16_000_000;

    /// <summary>The JSON of <paramref name="handoff"/>; one a store would refuse is refused here first, as a domain refusal.</summary>
    public static string Json(Handoff handoff)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(handoff, StoreJson.Options);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxJsonBytes)
        {
            throw new HandoffTooLargeException(handoff.Id, bytes, MaxJsonBytes);
        }

        return json;
    }

    public static Handoff Read(string id, string json, int version)
    {
        var handoff = System.Text.Json.JsonSerializer.Deserialize<Handoff>(json, StoreJson.Options)
            ?? throw new InvalidDataException($"Handoff document {id} is empty.");
        handoff.OnSaved(version);
        return handoff;
    }
}
