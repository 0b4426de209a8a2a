using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffBot.Crm;

internal static class CrmJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string? Str(this JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        } : null;

    public static JsonObject? Obj(this JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static JsonArray? Arr(this JsonNode? node, string name) => (node as JsonObject)?[name] as JsonArray;
}

/// <summary>The CRM answered with an error that a later attempt may not have (rate limit, outage, token, permissions).</summary>
public class CrmApiException(string crm, string message) : Exception($"{crm}: {message}")
{
    public string Crm { get; } = crm;
}

/// <summary>The deal read from the CRM does not pass the intake's checks; fixing it in the CRM lets a later attempt through.</summary>
public sealed class CrmDealInvalidException(string crm, string message) : CrmApiException(crm, message);
