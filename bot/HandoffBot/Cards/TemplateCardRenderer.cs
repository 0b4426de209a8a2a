using System.Text.Json.Nodes;
using HandoffBot.Cards.Models;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Cards;

/// <summary>
/// Renders through the templates of cards/: the domain becomes a <see cref="CardModel"/>
/// (NotificationCards, BriefCards, CommandCards), the model becomes the platform's template data
/// (<see cref="CardData"/>, where all escaping happens), the compiled template is expanded, empty
/// optional properties are dropped, and the platform limits are enforced.
/// </summary>
public sealed class TemplateCardRenderer(CardTemplates templates, TimeProvider time) : ICardRenderer
{
    /// <summary>Bindings to missing data throw (tests); in production they would leave <c>${…}</c> in the card.</summary>
    internal bool Strict { get; init; } = true;

    public RenderedCard Render(ChatPlatform platform, Notification notification, CardState? state = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        state ??= new CardState();
        var model = NotificationCards.Build(notification, platform, state, time.GetUtcNow());
        if (state.Banner is { Length: > 0 } banner)
        {
            model.Banner = banner;
            model.BannerColor = "Accent";
        }

        var card = Message(platform, model, state.ShowActions, notification.Summary);
        if (platform == ChatPlatform.Teams && state.RefreshUserIds is { Count: > 0 } users && HandoffOf(notification) is { } handoffId)
        {
            card.Payload["refresh"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = "card.refresh",
                    ["data"] = new JsonObject { ["handoffId"] = handoffId },
                },
                ["userIds"] = new JsonArray([.. users.Take(60).Select(u => (JsonNode)JsonValue.Create(u))]),
            };
        }

        return card;
    }

    public RenderedCard Render(ChatPlatform platform, ChatCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var model = CommandCards.Build(result, platform, time.GetUtcNow());
        // Named after the result type, as the adapters' tests and logs already know it.
        return Message(platform, model, showActions: true, model.Title) with { Template = result.GetType().Name };
    }

    public RenderedCard RenderError(ChatPlatform platform, string message) =>
        Message(platform, CommandCards.Error(message), showActions: true, message);

    public RenderedCard RenderSlackModal(string modal, Handoff handoff, CardState? state = null)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var (model, callbackId, item, submit) = CommandCards.Modal(modal, handoff, state ?? new CardState());
        var data = CardData.SlackModal(model, callbackId, handoff.Id, item, submit);
        var payload = Expand("slack/modal", data);
        Finish(payload, ChatPlatform.Slack);
        CardLimits.EnforceSlack(payload, modal: true);
        return new RenderedCard(model.Name, model.Title, payload);
    }

    /// <summary>The data a template is filled with (render-cards and the differential test use it).</summary>
    public static JsonObject DataFor(ChatPlatform platform, CardModel model, bool showActions) =>
        platform == ChatPlatform.Teams ? CardData.Teams(model, showActions) : CardData.Slack(model);

    private RenderedCard Message(ChatPlatform platform, CardModel model, bool showActions, string text)
    {
        var name = platform == ChatPlatform.Teams ? "teams/message" : "slack/message";
        var data = platform == ChatPlatform.Teams ? CardData.Teams(model, showActions) : CardData.Slack(model);
        if (platform == ChatPlatform.Slack && !showActions)
        {
            data["actions"] = new JsonArray();
            data["suggestions"] = new JsonArray();
        }

        var payload = Expand(name, data);
        Finish(payload, platform);
        if (platform == ChatPlatform.Teams)
        {
            CardLimits.EnforceTeams(payload);
        }
        else
        {
            CardLimits.EnforceSlack(payload, modal: false);
        }

        return new RenderedCard(model.Name, TextSafety.Plain(text, 3000), payload);
    }

    private JsonObject Expand(string template, JsonObject data) =>
        templates.Get(template).Expand(data, Strict) as JsonObject
            ?? throw new CardLimitException($"{template} did not expand to an object.");

    /// <summary>
    /// Drops what the template writes for "not set": empty strings of optional properties (a Slack
    /// hint, a placeholder, an input's value, a Teams action's item), zero max lengths, empty action lists.
    /// </summary>
    internal static void Finish(JsonNode node, ChatPlatform platform)
    {
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
            // A FactSet or Container left empty is invalid: drop them.
            foreach (var obj in CardLimits.Descendants(card).OfType<JsonObject>().ToList())
            {
                if (obj["items"] is JsonArray { Count: 0 } || obj["facts"] is JsonArray { Count: 0 })
                {
                    (obj.Parent as JsonArray)?.Remove(obj);
                }
            }
        }
    }

    private static string? HandoffOf(Notification n) => n switch
    {
        ContextRequestNotification x => x.Handoff.Id,
        BriefNotification x => x.Handoff.Id,
        QuestionNotification x => x.Handoff.Id,
        AnswerNotification x => x.Handoff.Id,
        TextNotification x => x.Handoff?.Id,
        ReminderNotification x => x.Handoff.Id,
        EscalationNotification x => x.Handoff.Id,
        InternalHandoffNotification x => x.Handoff.Id,
        WarmIntroNotification x => x.Handoff.Id,
        PollNotification x => x.Handoff.Id,
        PollThanksNotification x => x.Handoff.Id,
        PollAlertNotification x => x.Handoff.Id,
        _ => null,
    };
}
