using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffBot.Crm.HubSpot;

/// <summary>What the job needs to know about one deal event: which deal, and what HubSpot said changed.</summary>
public sealed record HubSpotDealEvent(string? PortalId, string DealId, string? StageId, long? OccurredAt, string Origin, string Key);

/// <summary>
/// Reads what HubSpot posts: an app webhook batch (a JSON array of events), one event object, or a
/// workflow "Send a webhook" body (the deal object, the legacy shape, or a customised flat body).
/// Deal creations and changes of the deal stage (or of <c>hs_is_closed_won</c>) are kept; every
/// other event is acknowledged and ignored. Unknown fields are ignored: HubSpot adds fields.
/// </summary>
public static class HubSpotEvents
{
    public const int MaxEvents = 1000;

    private static readonly HashSet<string> WatchedProperties = new(StringComparer.Ordinal) { "dealstage", "hs_is_closed_won", "pipeline" };

    public sealed record Batch(IReadOnlyList<HubSpotDealEvent> Deals, int Received, int Ignored);

    /// <summary>The events, or the reason the body cannot be read (the whole body is refused then: nothing half-stored).</summary>
    public static (Batch? Batch, string? Problem) Read(byte[] body)
    {
        if (!HandoffBot.Hosting.WholeJsonText.HasOnlyWholeCharacters(body))
        {
            return (null, "The body has a string with half a character (a lone UTF-16 surrogate escape).");
        }

        JsonNode? root;
        try
        {
            // A duplicate property is refused here; JsonObject would otherwise throw on first use.
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).");
        }
        catch (ArgumentException)
        {
            return (null, "The body is not valid UTF-8 JSON.");
        }

        switch (root)
        {
            case JsonArray array:
                if (array.Count > MaxEvents)
                {
                    return (null, $"Too many events in one request ({array.Count}; at most {MaxEvents}).");
                }

                var deals = new List<HubSpotDealEvent>();
                var ignored = 0;
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is not JsonObject item)
                    {
                        return (null, $"Event [{i}] is not a JSON object.");
                    }

                    var (deal, problem) = Event(item);
                    if (problem is not null)
                    {
                        return (null, $"Event [{i}]: {problem}");
                    }

                    if (deal is null) ignored++;
                    else deals.Add(deal);
                }

                return (new Batch(deals, array.Count, ignored), null);
            case JsonObject one when Text(one, "subscriptionType") is not null || Text(one, "eventType") is not null:
            {
                var (deal, problem) = Event(one);
                return problem is not null ? (null, problem) : (new Batch(deal is null ? [] : [deal], 1, deal is null ? 1 : 0), null);
            }

            case JsonObject workflow:
            {
                var (deal, problem) = Workflow(workflow, body);
                return problem is not null ? (null, problem) : (new Batch([deal!], 1, 0), null);
            }

            default:
                return (null, "Expected a JSON array of events, one event, or a workflow's deal object.");
        }
    }

    private static (HubSpotDealEvent? Deal, string? Problem) Event(JsonObject e)
    {
        var type = Text(e, "subscriptionType") ?? Text(e, "eventType");
        if (type is null)
        {
            return (null, "no subscriptionType (or eventType).");
        }

        // Generic subscriptions say "object.creation" with objectTypeId 0-3 (deals).
        var generic = type.StartsWith("object.", StringComparison.Ordinal);
        if (generic && Text(e, "objectTypeId") != "0-3")
        {
            return (null, null);
        }

        var action = generic ? type["object.".Length..] : type.StartsWith("deal.", StringComparison.Ordinal) ? type["deal.".Length..] : null;
        var property = Text(e, "propertyName");
        var relevant = action == "creation" || (action == "propertyChange" && property is not null && WatchedProperties.Contains(property));
        if (!relevant)
        {
            return (null, null);
        }

        var dealId = Id(e["objectId"]);
        if (dealId is null)
        {
            return (null, $"a {type} event without a numeric objectId.");
        }

        var portal = Id(e["portalId"]);
        var occurred = Long(e["occurredAt"]);
        var value = Text(e, "propertyValue");
        var stage = property == "dealstage" ? value : null;
        // eventId is not unique (HubSpot says so): the event is what happened to which deal, when.
        var identity = string.Join('\u001f', portal, dealId, action, property, value, occurred?.ToString(CultureInfo.InvariantCulture));
        return (new HubSpotDealEvent(portal, dealId, stage, occurred, "webhook", $"hubspot:event:{portal}:{dealId}:{Hash(Encoding.UTF8.GetBytes(identity))}"), null);
    }

    private static (HubSpotDealEvent? Deal, string? Problem) Workflow(JsonObject body, byte[] raw)
    {
        var properties = body["properties"] as JsonObject;
        var dealId = Id(body["objectId"]) ?? Id(body["hs_object_id"]) ?? Id(body["dealId"]) ?? Id(Value(properties?["hs_object_id"])) ?? Id(body["id"]);
        if (dealId is null)
        {
            return (null, "A workflow body must carry the deal's id (objectId, hs_object_id, dealId or id): add the Record ID to the webhook's request body.");
        }

        var portal = Id(body["portalId"]);
        var stage = Text(body, "dealstage") ?? (Value(properties?["dealstage"]) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null);
        // A workflow retries the same body; a different body (the deal changed) is a new event.
        return (new HubSpotDealEvent(portal, dealId, stage, null, "workflow", $"hubspot:workflow:{portal}:{dealId}:{Hash(raw)}"), null);
    }

    /// <summary>The legacy shape wraps each property as {value, timestamp, …}.</summary>
    private static JsonNode? Value(JsonNode? node) => node is JsonObject wrapped ? wrapped["value"] : node;

    /// <summary>HubSpot ids are numbers (sometimes sent as strings); kept as text, never as a float.</summary>
    private static string? Id(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        var text = value.GetValueKind() switch
        {
            // 697680835.0 is the same id; a fraction or an exponent beyond that is not an id.
            JsonValueKind.Number => value.TryGetValue<decimal>(out var n) && n >= 0 && n == decimal.Truncate(n) ? decimal.Truncate(n).ToString(CultureInfo.InvariantCulture) : null,
            JsonValueKind.String => value.GetValue<string>().Trim(),
            _ => null,
        };
        return text is { Length: > 0 and <= 30 } && text.All(char.IsAsciiDigit) ? text : null;
    }

    private static long? Long(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) ? n : null;

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string Hash(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data))[..32];
}
