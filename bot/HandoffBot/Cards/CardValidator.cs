using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HandoffBot.Cards.Templating;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards;

/// <summary>
/// The checks a template must pass before it may replace a shipped card: the ones CI runs with the
/// official tooling (cards/tools/check.js), in .NET. The template is filled with every sample data
/// set of its card (typical, empty, maximal, unicode, hostile; each state): every binding must
/// resolve, the result must be a valid card of its platform (known element types, Adaptive Card
/// version ≤ 1.5 and ≤ 28 KB; the Block Kit limits), and text from the hostile sample must never
/// become a live mention.
/// </summary>
public static partial class CardValidator
{
    private static readonly HashSet<string> AdaptiveTypes = new(StringComparer.Ordinal)
    {
        "AdaptiveCard", "TextBlock", "Image", "Media", "RichTextBlock", "TextRun", "Container", "ColumnSet", "Column", "FactSet", "ImageSet",
        "ActionSet", "Table", "TableRow", "TableCell", "Input.Text", "Input.Number", "Input.Date", "Input.Time", "Input.Toggle", "Input.ChoiceSet",
        "Action.OpenUrl", "Action.Submit", "Action.ShowCard", "Action.ToggleVisibility", "Action.Execute",
    };

    private static readonly HashSet<string> SlackBlocks = new(StringComparer.Ordinal)
    {
        "section", "divider", "image", "actions", "context", "input", "header", "rich_text", "video", "file",
    };

    /// <summary>Every problem of <paramref name="template"/> (named like <c>teams/brief</c>) with every sample of its card; empty when it passes.</summary>
    public static IReadOnlyList<string> Check(string name, CardTemplate template)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(template);
        var platform = name.StartsWith("teams/", StringComparison.Ordinal) ? ChatPlatform.Teams : ChatPlatform.Slack;
        var samples = CardSamples.DataFor(name).ToList();
        if (samples.Count == 0)
        {
            return [$"{name}: no sample data to check it with"];
        }

        var problems = new List<string>();
        foreach (var (sample, data) in samples)
        {
            foreach (var problem in CheckOne(name, template, platform, data))
            {
                problems.Add($"sample {sample}: {problem}");
            }

            if (problems.Count >= 20)
            {
                break;
            }
        }

        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> CheckOne(string name, CardTemplate template, ChatPlatform platform, JsonObject data)
    {
        JsonObject card;
        try
        {
            card = CardFinish.Complete(template.Expand(data, strict: true), name, platform);
        }
        catch (Exception ex) when (ex is TemplateException or CardLimitException)
        {
            return [ex.Message];
        }

        return platform == ChatPlatform.Teams ? Teams(card) : Slack(card, (string?)card["type"] == "modal");
    }

    /// <summary>What check.js's adaptivecards-validate looks at that the limits do not already enforce.</summary>
    public static IEnumerable<string> Teams(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card["body"] is not JsonArray)
        {
            yield return "the card has no body";
        }

        foreach (var obj in Elements(card))
        {
            if ((string?)obj["type"] is { } type && !AdaptiveTypes.Contains(type))
            {
                yield return $"unknown element type '{type}' (Adaptive Cards 1.5)";
            }

            if ((string?)obj["type"] == "TextBlock" && obj["text"] is not JsonValue)
            {
                yield return "a TextBlock without text";
            }

            if ((string?)obj["type"] == "TextBlock" && AtTag().IsMatch((string?)obj["text"] ?? ""))
            {
                yield return "a live <at> mention in a TextBlock (text from people must be bound through the data, which escapes it)";
            }

            if ((string?)obj["type"] == "FactSet" && obj["facts"] is JsonArray facts
                && facts.OfType<JsonObject>().Any(f => AtTag().IsMatch((string?)f["title"] ?? "") || AtTag().IsMatch((string?)f["value"] ?? "")))
            {
                yield return "a live <at> mention in a FactSet";
            }

            if ((string?)obj["type"] is "Action.Execute" && obj["verb"] is not JsonValue)
            {
                yield return "an Action.Execute without a verb";
            }
        }
    }

    public static IEnumerable<string> Slack(JsonObject payload, bool modal)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload["blocks"] is not JsonArray { Count: > 0 } blocks)
        {
            yield return "no blocks";
            yield break;
        }

        foreach (var block in blocks.OfType<JsonObject>())
        {
            var type = (string?)block["type"];
            if (type is null || !SlackBlocks.Contains(type))
            {
                yield return $"unknown block type '{type}'";
            }

            if (type == "section" && block["text"] is null && block["fields"] is null)
            {
                yield return "a section without text or fields";
            }

            if (type == "header" && (string?)block["text"]?["type"] != "plain_text")
            {
                yield return "a header whose text is not plain_text";
            }

            if (type is "section" or "header" && (string?)block["text"]?["text"] is "")
            {
                yield return $"an empty {type} text";
            }

            if (type == "actions" && block["elements"] is not JsonArray { Count: > 0 })
            {
                yield return "an actions block without elements";
            }

            if (type == "input" && (string?)block["block_id"] != (string?)block["element"]?["action_id"])
            {
                yield return "an input whose block_id is not its action_id (the bot reads inputs by that id)";
            }
        }

        foreach (var text in CardLimits.Descendants(payload).OfType<JsonObject>().Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string?)o["text"] ?? ""))
        {
            if (LiveMention().IsMatch(text))
            {
                yield return "a live Slack mention in mrkdwn (text from people must be bound through the data, which escapes it)";
            }
        }

        if (modal && (payload["title"]?["text"] is null || payload["callback_id"] is null))
        {
            yield return "a modal needs a title and a callback_id";
        }
    }

    /// <summary>Card elements and actions: every object with a type, except what rides in an action's data.</summary>
    private static IEnumerable<JsonObject> Elements(JsonNode node)
    {
        if (node is JsonObject o)
        {
            if (o["type"] is JsonValue)
            {
                yield return o;
            }

            foreach (var (key, value) in o)
            {
                if (key is "data" || value is null)
                {
                    continue;
                }

                foreach (var e in Elements(value))
                {
                    yield return e;
                }
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var item in a.OfType<JsonNode>())
            {
                foreach (var e in Elements(item))
                {
                    yield return e;
                }
            }
        }
    }

    [GeneratedRegex(@"<at\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"<!channel>|<!here>|<!everyone>|<@U")]
    private static partial Regex LiveMention();
}
