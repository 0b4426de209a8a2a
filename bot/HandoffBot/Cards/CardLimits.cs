using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Models;

namespace HandoffBot.Cards;

/// <summary>
/// The platform limits, enforced on the rendered JSON: what can be cut is cut (with an ellipsis),
/// what cannot is refused with a <see cref="CardLimitException"/> (a bug in a template or a builder).
/// </summary>
public static class CardLimits
{
    public const int SlackMessageBlocks = 50;
    public const int SlackModalBlocks = 100;
    public const int SlackSectionText = 3000;
    public const int SlackHeaderText = 150;
    public const int SlackButtonText = 75;
    public const int SlackFieldText = 2000;
    public const int SlackFields = 10;
    public const int SlackContextElements = 10;
    public const int SlackActionsElements = 25;
    public const int SlackModalTitle = 24;
    public const int SlackActionId = 255;
    public const int SlackButtonValue = 2000;
    public const int TeamsPayloadBytes = 28 * 1024;
    public const string TeamsMaxVersion = "1.5";

    /// <summary>Enforces the Block Kit limits on a message (<c>{"blocks":[…]}</c>) or a modal view.</summary>
    public static void EnforceSlack(JsonObject payload, bool modal)
    {
        var blocks = payload["blocks"] as JsonArray ?? throw new CardLimitException("Slack payload without blocks.");
        var maxBlocks = modal ? SlackModalBlocks : SlackMessageBlocks;
        if (blocks.Count > maxBlocks)
        {
            // Keep the head and the actions; say that the rest is in the full record.
            var actions = modal ? null : blocks.LastOrDefault(b => (string?)b?["type"] == "actions");
            var keep = maxBlocks - 1 - (actions is null ? 0 : 1);
            var kept = blocks.Take(keep).Select(b => b!.DeepClone()).ToList();
            kept.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = "… more in the full record." }) });
            if (actions is not null)
            {
                kept.Add(actions.DeepClone());
            }

            blocks = new JsonArray([.. kept]);
            payload["blocks"] = blocks;
        }

        var actionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.OfType<JsonObject>())
        {
            switch ((string?)block["type"])
            {
                case "header":
                    Cut(block["text"], "text", SlackHeaderText);
                    break;
                case "section":
                    Cut(block["text"], "text", SlackSectionText);
                    if (block["fields"] is JsonArray fields)
                    {
                        if (fields.Count > SlackFields)
                        {
                            throw new CardLimitException($"A Slack section has {fields.Count} fields (max {SlackFields}).");
                        }

                        foreach (var field in fields)
                        {
                            Cut(field, "text", SlackFieldText);
                        }
                    }

                    break;
                case "context":
                    if (block["elements"] is JsonArray { Count: > SlackContextElements })
                    {
                        throw new CardLimitException($"A Slack context block has more than {SlackContextElements} elements.");
                    }

                    break;
                case "actions":
                    if (block["elements"] is JsonArray { Count: > SlackActionsElements })
                    {
                        throw new CardLimitException($"A Slack actions block has more than {SlackActionsElements} elements.");
                    }

                    break;
                default:
                    break;
            }

            foreach (var element in Interactive(block))
            {
                Cut(element["text"], "text", SlackButtonText);
                var id = (string?)element["action_id"] ?? "";
                if (id.Length > SlackActionId || !actionIds.Add(id))
                {
                    throw new CardLimitException($"A Slack action_id is repeated or longer than {SlackActionId} characters.");
                }

                if (((string?)element["value"])?.Length > SlackButtonValue)
                {
                    throw new CardLimitException($"A Slack button value is longer than {SlackButtonValue} characters.");
                }
            }
        }

        if (modal)
        {
            Cut(payload["title"], "text", SlackModalTitle);
            Cut(payload["submit"], "text", SlackModalTitle);
        }
    }

    /// <summary>Enforces the Adaptive Card limits: version ≤ 1.5, unique input ids, payload ≤ 28 KB (long texts cut first).</summary>
    public static void EnforceTeams(JsonObject card)
    {
        if (string.CompareOrdinal((string?)card["version"], TeamsMaxVersion) > 0)
        {
            throw new CardLimitException($"Adaptive Card version {(string?)card["version"]} is above {TeamsMaxVersion}.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(card).OfType<JsonObject>())
        {
            if (((string?)node["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && !ids.Add((string?)node["id"] ?? ""))
            {
                throw new CardLimitException($"Input id '{(string?)node["id"]}' appears twice in one card.");
            }
        }

        // Over the size limit: cut the longest texts, a quarter at a time, until it fits.
        for (var round = 0; Bytes(card) > TeamsPayloadBytes; round++)
        {
            var longest = Descendants(card).OfType<JsonObject>()
                .Where(o => (string?)o["type"] == "TextBlock" && ((string?)o["text"])?.Length > 80)
                .OrderByDescending(o => ((string?)o["text"])!.Length)
                .FirstOrDefault();
            if (longest is null || round > 200)
            {
                // Still too big: whole sections go, from the last, with a pointer to the full record.
                if (card["body"] is JsonArray body && body.OfType<JsonObject>().LastOrDefault(o => ((string?)o["id"])?.StartsWith("section.", StringComparison.Ordinal) == true) is { } section)
                {
                    var at = body.IndexOf(section);
                    body.RemoveAt(at);
                    if (!body.OfType<JsonObject>().Any(o => (string?)o["id"] == "more"))
                    {
                        body.Insert(at, new JsonObject { ["type"] = "TextBlock", ["id"] = "more", ["text"] = "… more in the full record.", ["isSubtle"] = true, ["wrap"] = true });
                    }

                    continue;
                }

                throw new CardLimitException($"The Adaptive Card is {Bytes(card)} bytes even with its texts cut (max {TeamsPayloadBytes}).");
            }

            if (longest is null)
            {
                throw new CardLimitException($"The Adaptive Card is {Bytes(card)} bytes even with its texts cut (max {TeamsPayloadBytes}).");
            }

            var text = (string)longest["text"]!;
            longest["text"] = TextSafety.Cut(text, text.Length * 3 / 4, out _);
        }
    }

    public static int Bytes(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString());

    private static void Cut(JsonNode? textObject, string property, int max)
    {
        if (textObject is JsonObject o && (string?)o[property] is { } text && text.Length > max)
        {
            o[property] = TextSafety.Cut(text, max, out _);
        }
    }

    private static IEnumerable<JsonObject> Interactive(JsonObject block)
    {
        if (block["accessory"] is JsonObject accessory && accessory["action_id"] is not null)
        {
            yield return accessory;
        }

        if (block["elements"] is JsonArray elements)
        {
            foreach (var e in elements.OfType<JsonObject>().Where(e => e["action_id"] is not null))
            {
                yield return e;
            }
        }

        if (block["element"] is JsonObject element && element["action_id"] is not null)
        {
            yield return element;
        }
    }

    internal static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}

public sealed class CardLimitException(string message) : Exception(message);
