using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Data;
using HandoffBot.Cards.Models;
using HandoffBot.Cards.Templating;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Cards;

/// <summary>
/// The one renderer, in production and in every test: the domain becomes the card's data
/// (<see cref="CardMapper"/>, for the reader), the template in force (<see cref="CardTemplates"/>)
/// is expanded strictly, finished and held to the platform limits (<see cref="CardFinish"/>). A
/// binding that is missing is never a silently empty field: the override that failed gives way to
/// the shipped card, a shipped card that failed gives way to a plain message with the same text,
/// and each fallback is logged and counted (<see cref="CardProblems"/>, which CI and the tests check).
/// </summary>
public sealed partial class TemplateCardRenderer(
    CardTemplates templates,
    TimeProvider time,
    Func<CancellationToken, Task<PeopleBook>> people,
    Func<TimeZoneInfo> defaultZone,
    CardProblems problems,
    ILogger logger) : ICardRenderer
{
    /// <summary>How card data is written: camelCase, nulls kept (a template guards them), text as typed.</summary>
    public static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>A renderer with a fixed directory and zone (render-cards, the validator's samples, unit tests).</summary>
    public static TemplateCardRenderer Fixed(CardTemplates templates, TimeProvider time, PeopleBook book, TimeZoneInfo zone, CardProblems? problems = null) =>
        new(templates, time, _ => Task.FromResult(book), () => zone, problems ?? new CardProblems(), NullLogger.Instance);

    public async Task<RenderedCard> RenderAsync(ChatPlatform platform, Notification notification, CardState? state = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        state ??= new CardState();
        var ctx = await ContextAsync(platform, state.Reader ?? Audience.ImpliedReader(notification), state, ct);
        var payload = CardMapper.Map(ctx, notification, defaultZone());
        var card = Produce(platform, payload);
        if (platform == ChatPlatform.Teams && state.RefreshUserIds is { Count: > 0 } users && HandoffOf(notification) is { } handoffId)
        {
            // Universal Actions: the clients of these people fetch the card as it is for them (with its buttons).
            card.Payload["refresh"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = "card.refresh",
                    ["data"] = new JsonObject { ["handoffId"] = handoffId, ["card"] = payload.Card },
                },
                ["userIds"] = new JsonArray([.. users.Take(60).Select(u => (JsonNode)JsonValue.Create(u))]),
            };
        }

        return card;
    }

    public async Task<RenderedCard> RenderAsync(ChatPlatform platform, ChatCommandResult result, string? readerEmail, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ctx = await ContextAsync(platform, readerEmail, new CardState(), ct);
        return Produce(platform, CardMapper.Map(ctx, result));
    }

    public async Task<RenderedCard> RenderErrorAsync(ChatPlatform platform, string message, CancellationToken ct = default)
    {
        var ctx = await ContextAsync(platform, null, new CardState(), ct);
        return Produce(platform, CardMapper.Error(ctx, message));
    }

    public async Task<RenderedCard> RenderSlackModalAsync(string modal, Handoff handoff, CardState? state = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        state ??= new CardState();
        var ctx = await ContextAsync(ChatPlatform.Slack, state.Reader, state, ct);
        return Produce(ChatPlatform.Slack, CardMapper.Modal(ctx, modal, handoff));
    }

    /// <summary>The data a card's template is filled with, as JSON.</summary>
    public static JsonObject Serialize(object data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return JsonSerializer.SerializeToNode(data, data.GetType(), DataJson) as JsonObject
            ?? throw new InvalidOperationException("Card data must be an object.");
    }

    /// <summary>Expands and finishes a card with one template, throwing what fails (the validator and render-cards use it).</summary>
    public static JsonObject Expand(CardTemplate template, string name, JsonObject data, ChatPlatform platform) =>
        CardFinish.Complete(template.Expand(data, strict: true), name, platform);

    private async Task<CardContext> ContextAsync(ChatPlatform platform, string? reader, CardState state, CancellationToken ct) =>
        new(platform, time.GetUtcNow(), await people(ct), defaultZone(), reader, state);

    private RenderedCard Produce(ChatPlatform platform, CardPayload payload)
    {
        var name = $"{(platform == ChatPlatform.Teams ? "teams" : "slack")}/{payload.Card}";
        var data = Serialize(payload.Data);
        var summary = TextSafety.Plain(payload.Summary, 3000);
        try
        {
            return new RenderedCard(payload.Card, summary, Expand(templates.Get(name), name, data, platform));
        }
        catch (Exception ex) when (ex is TemplateException or CardLimitException && templates.IsOverridden(name))
        {
            Fallback(name, ex, "the shipped card");
            try
            {
                return new RenderedCard(payload.Card, summary, Expand(CardTemplates.Shipped(name), name, data, platform));
            }
            catch (Exception again) when (again is TemplateException or CardLimitException)
            {
                Fallback(name, again, "a plain message");
            }
        }
        catch (Exception ex) when (ex is TemplateException or CardLimitException)
        {
            Fallback(name, ex, "a plain message");
        }

        return new RenderedCard(payload.Card, summary, Plain(platform, summary));
    }

    private void Fallback(string name, Exception ex, string instead)
    {
        problems.Add(new CardProblem(time.GetUtcNow(), name, ex.Message, instead));
        LogFallback(logger, name, instead, ex.Message);
    }

    /// <summary>The last resort: the card's text alone, built here so it cannot fail the way a template did.</summary>
    private static JsonObject Plain(ChatPlatform platform, string text)
    {
        var safe = text.Length == 0 ? "HandoffBot has a message for you." : text;
        return platform == ChatPlatform.Teams
            ? new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                ["version"] = "1.5",
                ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = TextSafety.Teams(safe, 3000), ["wrap"] = true }),
            }
            : new JsonObject
            {
                ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = TextSafety.Slack(safe, 3000) } }),
            };
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
        KickoffNotification x => x.Handoff.Id,
        PollNotification x => x.Handoff.Id,
        PollThanksNotification x => x.Handoff.Id,
        PollAlertNotification x => x.Handoff.Id,
        _ => null,
    };

    [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "Card {Template} could not be rendered; sent {Instead} instead: {Problem}")]
    private static partial void LogFallback(ILogger logger, string template, string instead, string problem);
}
