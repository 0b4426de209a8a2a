using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>
/// A <see cref="CardModel"/> as the data of one platform's template. Every value is present (no
/// nulls: the official templating engine fails on a null inside text), every piece of text from a
/// person is escaped for the platform and cut to that platform's limit here.
/// </summary>
public static class CardData
{
    public static JsonObject Teams(CardModel m, bool showActions)
    {
        string T(string s, int max = 2000) => TextSafety.Teams(s, max, m.RecordUrl);
        return new JsonObject
        {
            ["title"] = T(m.Title, 200),
            ["subtitle"] = T(m.Subtitle, 300),
            ["accent"] = m.Accent,
            ["banner"] = T(m.Banner, 500),
            ["bannerColor"] = m.BannerColor,
            ["text"] = T(m.Text, 3000),
            ["facts"] = new JsonArray([.. m.Facts.Select(f => (JsonNode)new JsonObject
            {
                ["title"] = TextSafety.Plain(f.Title, 60),
                ["value"] = TextSafety.SafeUrl(f.Url) is { Length: > 0 } url
                    ? $"[{T(f.Value, 200)}]({TextSafety.TeamsUrl(url)})"
                    : T(f.Value, 500),
            })]),
            ["imageUrl"] = TextSafety.SafeUrl(m.ImageUrl),
            ["imageAlt"] = TextSafety.Plain(m.ImageAlt, 200),
            ["sections"] = new JsonArray([.. m.Sections.Where(s => !s.IsEmpty).Select(s => (JsonNode)new JsonObject
            {
                ["heading"] = T(s.Heading, 200),
                ["facts"] = new JsonArray([.. s.Facts.Select(f => (JsonNode)new JsonObject { ["title"] = T(f.Title, 200), ["value"] = T(f.Value, 500) })]),
                ["lines"] = new JsonArray([.. s.Lines.Select(l => (JsonNode)new JsonObject
                {
                    ["text"] = T(l.Text, 1000),
                    ["evidence"] = T(l.Evidence, 400),
                    ["actions"] = TeamsActions(showActions ? l.Actions : []),
                })]),
            })]),
            ["inputs"] = TeamsInputs(showActions ? m.Inputs : [], T),
            ["forms"] = new JsonArray([.. (showActions ? m.Forms : []).Select(f => (JsonNode)new JsonObject
            {
                ["title"] = TextSafety.Plain(f.Title, 75),
                ["inputs"] = TeamsInputs(f.Inputs, T),
                ["actions"] = TeamsActions(f.Actions),
            })]),
            ["actions"] = TeamsActions(showActions ? m.Actions.Where(a => !a.Verb.StartsWith("open.", StringComparison.Ordinal)) : m.Actions.Where(a => a.Url.Length > 0)),
        };
    }

    public static JsonObject Slack(CardModel m)
    {
        string S(string s, int max = 3000) => TextSafety.Slack(s, max, m.RecordUrl);
        var ids = new ActionIds();
        var facts = m.Facts.Select(f => (JsonNode)new JsonObject
        {
            ["title"] = S(f.Title, 100),
            ["value"] = TextSafety.SafeUrl(f.Url) is { Length: > 0 } url
                ? $"<{TextSafety.SlackUrl(url)}|{S(f.Value, 200)}>"
                : S(f.Value, 1500),
        }).ToList();
        var sections = new JsonArray();
        var suggestions = new JsonArray();
        foreach (var section in m.Sections.Where(s => !s.IsEmpty))
        {
            var plain = section.Lines.Where(l => l.Actions.Count == 0).ToList();
            if (plain.Count > 0 || section.Facts.Count > 0)
            {
                var body = new StringBuilder();
                foreach (var fact in section.Facts)
                {
                    var text = $"{S(fact.Title, 300)}: *{S(fact.Value, 600)}*";
                    if (body.Length + text.Length > 2800)
                    {
                        body.Append("\n…");
                        break;
                    }

                    body.Append(body.Length > 0 ? "\n" : "").Append(text);
                }

                foreach (var line in plain)
                {
                    var text = "• " + S(line.Text, 600);
                    var evidence = line.Evidence.Length > 0 ? "\n      _" + S(line.Evidence, 300) + "_" : "";
                    if (body.Length + text.Length + evidence.Length > 2800)
                    {
                        body.Append("\n…");
                        break;
                    }

                    body.Append(body.Length > 0 ? "\n" : "").Append(text).Append(evidence);
                }

                sections.Add(new JsonObject { ["heading"] = S(section.Heading, 150), ["body"] = body.ToString() });
            }

            foreach (var line in section.Lines.Where(l => l.Actions.Count > 0))
            {
                var action = line.Actions[0];
                suggestions.Add(new JsonObject
                {
                    ["text"] = $"*{S(section.Heading, 100)}:* {S(line.Text, 1500)}",
                    ["evidence"] = line.Evidence.Length > 0 ? "_" + S(line.Evidence, 1000) + "_" : " ",
                    ["buttonTitle"] = TextSafety.SlackPlain(action.Title, 75),
                    ["actionId"] = ids.Next(action.Verb),
                    ["value"] = Value(action),
                });
            }
        }

        return new JsonObject
        {
            ["title"] = TextSafety.SlackPlain(m.Title, 150),
            ["subtitle"] = S(m.Subtitle, 300),
            ["banner"] = S(m.Banner, 1000),
            ["text"] = S(m.Text, 3000),
            ["factGroups"] = new JsonArray([.. facts.Chunk(10).Select(g => (JsonNode)new JsonObject { ["facts"] = new JsonArray([.. g]) })]),
            ["imageUrl"] = TextSafety.SafeUrl(m.ImageUrl),
            ["imageAlt"] = TextSafety.SlackPlain(m.ImageAlt.Length > 0 ? m.ImageAlt : "chart", 200),
            ["sections"] = sections,
            ["suggestions"] = suggestions,
            ["footer"] = S(m.Footer, 1000),
            ["actions"] = new JsonArray([.. m.Actions.Where(a => a.Url.Length == 0 || TextSafety.SafeUrl(a.Url).Length > 0).Take(25).Select(a => (JsonNode)new JsonObject
            {
                ["title"] = TextSafety.SlackPlain(a.Title, 75),
                ["actionId"] = ids.Next(a.Url.Length > 0 ? "link" : a.Verb),
                ["value"] = Value(a),
                ["style"] = a.Style switch { "positive" or "primary" => "primary", "destructive" or "danger" => "danger", _ => "" },
                ["url"] = TextSafety.SafeUrl(a.Url),
            })]),
        };
    }

    /// <summary>A Slack modal's data: the form's inputs and the submission's routing.</summary>
    public static JsonObject SlackModal(CardModel m, string callbackId, string handoffId, string item, string submitLabel)
    {
        string S(string s, int max = 3000) => TextSafety.Slack(s, max, m.RecordUrl);
        return new JsonObject
        {
            ["callbackId"] = callbackId,
            ["metadata"] = $"{handoffId}|{item}",
            ["title"] = TextSafety.SlackPlain(m.Title, 24),
            ["submitLabel"] = TextSafety.SlackPlain(submitLabel, 24),
            ["banner"] = S(m.Banner, 1000),
            ["text"] = S(m.Text, 3000),
            ["inputs"] = new JsonArray([.. m.Inputs.Where(i => i.Kind != "heading").Select(i => (JsonNode)new JsonObject
            {
                ["kind"] = i.Kind,
                ["id"] = i.Id,
                ["label"] = TextSafety.SlackPlain(i.Label, 2000),
                ["hint"] = TextSafety.SlackPlain(i.Error.Length > 0 ? "⚠️ " + i.Error : i.Hint, 2000),
                ["optional"] = i.Optional || i.Kind == "toggle",
                ["element"] = SlackElement(i),
            })]),
        };
    }

    /// <summary>
    /// The input's Block Kit element, its type following the input's kind (select, date picker,
    /// checkbox, text) with the saved value pre-set. Built here rather than in the template because a
    /// template repeats one shape per list item: per-kind shapes there would come out grouped by kind,
    /// tearing a stakeholder's role away from their name.
    /// </summary>
    private static JsonObject SlackElement(CardInput i)
    {
        static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };
        var placeholder = TextSafety.SlackPlain(i.Placeholder, 150);
        switch (i.Kind)
        {
            case "choice":
            {
                var options = i.Choices.Take(100).Select(c => new JsonObject { ["text"] = Plain(TextSafety.SlackPlain(c.Title, 75)), ["value"] = c.Value }).ToList();
                var element = new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = i.Id,
                    ["placeholder"] = Plain(placeholder.Length > 0 ? placeholder : "Choose…"),
                    ["options"] = new JsonArray([.. options]),
                };
                if (options.FirstOrDefault(o => o["value"]!.GetValue<string>() == i.Value) is { } selected)
                {
                    element["initial_option"] = selected.DeepClone();
                }

                return element;
            }

            case "date":
            {
                var element = new JsonObject { ["type"] = "datepicker", ["action_id"] = i.Id };
                if (DateOnly.TryParseExact(i.Value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
                {
                    element["initial_date"] = i.Value;
                }

                return element;
            }

            case "toggle":
            {
                var yes = new JsonObject { ["text"] = Plain("Yes"), ["value"] = "true" };
                var element = new JsonObject { ["type"] = "checkboxes", ["action_id"] = i.Id, ["options"] = new JsonArray(yes) };
                if (i.Value == "true")
                {
                    element["initial_options"] = new JsonArray(yes.DeepClone());
                }

                return element;
            }

            default:
            {
                var element = new JsonObject
                {
                    ["type"] = "plain_text_input",
                    ["action_id"] = i.Id,
                    ["multiline"] = i.Multiline,
                    ["max_length"] = i.MaxLength > 0 ? i.MaxLength : 3000,
                };
                var value = TextSafety.Plain(i.Value, 3000);
                if (value.Length > 0)
                {
                    element["initial_value"] = value;
                }

                if (placeholder.Length > 0)
                {
                    element["placeholder"] = Plain(placeholder);
                }

                return element;
            }
        }
    }

    private static JsonArray TeamsInputs(IEnumerable<CardInput> inputs, Func<string, int, string> markdown) =>
        new([.. inputs.Select(i => (JsonNode)new JsonObject
        {
            ["kind"] = i.Kind,
            ["id"] = i.Id,
            ["label"] = TextSafety.Plain(i.Label, 200),
            ["value"] = TextSafety.Plain(i.Value, i.MaxLength > 0 ? i.MaxLength : 4000),
            ["placeholder"] = TextSafety.Plain(i.Placeholder.Length == 0 && i.Kind == "choice" ? "Choose…" : i.Placeholder, 200),
            ["error"] = markdown(i.Error, 300),
            ["multiline"] = i.Multiline,
            ["maxLength"] = i.MaxLength,
            ["spacing"] = i.Kind == "heading" ? "Large" : "Small",
            ["separator"] = i.Separator,
            ["choices"] = new JsonArray([.. i.Choices.Select(c => (JsonNode)new JsonObject { ["title"] = TextSafety.Plain(c.Title, 100), ["value"] = c.Value })]),
        })]);

    private static JsonArray TeamsActions(IEnumerable<CardAction> actions) =>
        new([.. actions.Select(a => (JsonNode)new JsonObject
        {
            ["title"] = TextSafety.Plain(a.Title, 75),
            ["verb"] = a.Verb,
            ["style"] = a.Style switch { "positive" or "primary" => "positive", "destructive" or "danger" => "destructive", _ => "default" },
            ["handoffId"] = a.HandoffId,
            ["item"] = a.Item,
            ["url"] = TextSafety.SafeUrl(a.Url),
        })]);

    private static string Value(CardAction a) => $"{a.HandoffId}|{a.Item}";

    /// <summary>Slack action ids are unique per message: a repeated verb gets <c>:2</c>, <c>:3</c>….</summary>
    private sealed class ActionIds
    {
        private readonly Dictionary<string, int> seen = new(StringComparer.Ordinal);

        public string Next(string verb)
        {
            var n = seen[verb] = seen.GetValueOrDefault(verb) + 1;
            return n == 1 ? verb : $"{verb}:{n}";
        }
    }

    /// <summary>Platform of a card, for callers that only hold the enum.</summary>
    public static bool IsTeams(ChatPlatform platform) => platform == ChatPlatform.Teams;
}
