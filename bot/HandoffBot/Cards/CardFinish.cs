using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards;

/// <summary>
/// What happens to an expanded template before it is sent: empty optional properties dropped, Slack
/// action ids made unique, the platform limits enforced (<see cref="CardLimits"/>).
/// </summary>
public static class CardFinish
{
    /// <summary>Finishes a card for <paramref name="platform"/>; throws <see cref="CardLimitException"/> for what cannot be fixed.</summary>
    public static JsonObject Complete(JsonNode? expanded, string template, ChatPlatform platform)
    {
        if (expanded is not JsonObject payload)
        {
            throw new CardLimitException($"{template} did not expand to a JSON object.");
        }

        Drop(payload, platform);
        if (platform == ChatPlatform.Teams)
        {
            if ((string?)payload["type"] != "AdaptiveCard")
            {
                throw new CardLimitException($"{template}: a Teams card must have \"type\": \"AdaptiveCard\".");
            }

            CardLimits.EnforceTeams(payload);
        }
        else
        {
            var modal = payload["type"] is not null;
            UniqueActionIds(payload);
            CardLimits.EnforceSlack(payload, modal);
        }

        return payload;
    }

    /// <summary>
    /// Drops what the templates write for "not set": empty strings of optional properties (a Slack
    /// hint, a placeholder, an input's value, a Teams action's item), zero max lengths, empty action
    /// lists, false flags; and (Teams) Containers or FactSets left empty, which are invalid.
    /// </summary>
    public static void Drop(JsonNode node, ChatPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var obj in CardLimits.Descendants(node).OfType<JsonObject>().ToList())
        {
            foreach (var key in obj.Select(p => p.Key).ToList())
            {
                var value = obj[key];
                var drop = key switch
                {
                    "value" or "placeholder" or "initial_value" or "item" or "style" or "color" or "subtitle" => value is JsonValue v && v.TryGetValue(out string? s) && s.Length == 0,
                    "maxLength" or "max_length" => value is JsonValue n && n.TryGetValue(out long l) && l == 0,
                    "hint" or "placeholder" when platform == ChatPlatform.Slack => (string?)value?["text"] is "",
                    "actions" => value is JsonArray { Count: 0 },
                    "multiline" or "separator" or "isMultiline" => value is JsonValue b && b.TryGetValue(out bool f) && !f,
                    _ => false,
                };
                if (drop)
                {
                    obj.Remove(key);
                }
            }
        }

        if (platform == ChatPlatform.Teams && node is JsonObject card)
        {
            foreach (var obj in CardLimits.Descendants(card).OfType<JsonObject>().ToList())
            {
                if (obj["items"] is JsonArray { Count: 0 } || obj["facts"] is JsonArray { Count: 0 } || obj["columns"] is JsonArray { Count: 0 })
                {
                    (obj.Parent as JsonArray)?.Remove(obj);
                }
            }
        }
    }

    /// <summary>Slack wants action ids unique per message: a repeated one gets <c>:2</c>, <c>:3</c>… (the verb is what comes before the colon).</summary>
    public static void UniqueActionIds(JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in CardLimits.Descendants(payload).OfType<JsonObject>().Where(o => o["action_id"] is JsonValue).ToList())
        {
            var id = (string?)element["action_id"] ?? "";
            var n = seen[id] = seen.GetValueOrDefault(id) + 1;
            if (n > 1)
            {
                element["action_id"] = $"{id}:{n}";
            }
        }
    }
}
