using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Teams;

/// <summary>
/// <c>adaptiveCard/action</c> invokes (Action.Execute): the verb and data become a
/// <see cref="UserAction"/> for <see cref="UserActionService"/>, and the answer is the card
/// re-rendered in place (errors and entered values, or the new state with a banner). The verb
/// <see cref="Refresh"/> is Universal Actions' refresh: the card as this person should see it.
/// </summary>
public sealed partial class CardActionHandler(
    UserActionService actions,
    HandoffService handoffs,
    TeamsPeople people,
    CardAudience audience,
    ICardRenderer cards,
    ILogger<CardActionHandler> logger)
{
    public const string Name = "adaptiveCard/action";

    /// <summary>Universal Actions refresh; data: <c>handoffId</c> and <c>card</c> (<c>brief</c> or <c>context</c>, default brief).</summary>
    public const string Refresh = "card.refresh";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "handoffId", "item", "card", "msteams" };

    public async Task<InvokeResponse> HandleAsync(ITurnContext<IInvokeActivity> turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var action = (turn.Activity.Value as JObject)?["action"] as JObject;
        var verb = (action?["verb"] as JValue)?.Value as string;
        var data = action?["data"] as JObject ?? [];
        if (string.IsNullOrWhiteSpace(verb) || (verb != Refresh && !ActionVerbs.All.Contains(verb)))
        {
            LogUnknownVerb(logger, verb is null ? "(none)" : verb.Length > 40 ? verb[..40] : verb);
            return CardResponses.Message("That button is not one I know — the card may be out of date. Type 'help' to see what I can do.");
        }

        var handoffId = Text(data["handoffId"]) ?? "";
        var person = await people.ResolveAsync(turn, ct);
        if (person is null)
        {
            return CardResponses.Message(CommandHandler.NotInDirectory);
        }

        if (verb == Refresh)
        {
            return await RefreshAsync(person, handoffId, Text(data["card"]), ct);
        }

        var inputs = data.Properties()
            .Where(p => !Reserved.Contains(p.Name))
            .ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal);
        var result = await actions.ExecuteAsync(new UserAction(verb, handoffId, person.Email, inputs, Text(data["item"])), ct);
        LogAction(logger, verb, result.Status);
        var handoff = result.Handoff ?? (handoffId.Length > 0 ? await handoffs.GetAsync(handoffId, ct) : null);
        var kind = KindOf(verb);
        if (handoff is null || NotificationFor(verb, handoff, Text(data["item"])) is not { } notification)
        {
            return CardResponses.Message(result.Message);
        }

        var state = result.Status == ActionStatus.Invalid
            ? new CardState(true, inputs, result.Errors, result.Message, await audience.RefreshUserIdsAsync(kind, handoff, ct))
            : new CardState(CardAudience.MayAct(kind, handoff, person.Email), null, null, result.Message, await audience.RefreshUserIdsAsync(kind, handoff, ct));
        return CardResponses.Card(cards.Render(ChatPlatform.Teams, notification, state));
    }

    private async Task<InvokeResponse> RefreshAsync(Person person, string handoffId, string? card, CancellationToken ct)
    {
        if (await handoffs.GetAsync(handoffId, ct) is not { } handoff)
        {
            return CardResponses.Message("That handoff no longer exists.");
        }

        var kind = card == "context" ? CardKind.Context : CardKind.Brief;
        Notification notification = kind == CardKind.Context
            ? new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff))
            : new BriefNotification(handoff, handoffs.CompletenessOf(handoff));
        var state = new CardState(CardAudience.MayAct(kind, handoff, person.Email), RefreshUserIds: await audience.RefreshUserIdsAsync(kind, handoff, ct));
        return CardResponses.Card(cards.Render(ChatPlatform.Teams, notification, state));
    }

    /// <summary>The card the verb was pressed on, in the handoff's new state; null when the answer is a message.</summary>
    private Notification? NotificationFor(string verb, Handoff handoff, string? item) => verb switch
    {
        ActionVerbs.ContextSave or ActionVerbs.ContextSubmit or ActionVerbs.DraftAccept or ActionVerbs.DraftDiscard
            => new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff)),
        ActionVerbs.BriefAccept or ActionVerbs.BriefReject or ActionVerbs.BriefAsk
            => new BriefNotification(handoff, handoffs.CompletenessOf(handoff)),
        ActionVerbs.QuestionAnswer when handoff.Questions.FirstOrDefault(q => q.Id == item) is { } question
            => new QuestionNotification(handoff, question),
        ActionVerbs.SyncConfirm => new InternalHandoffNotification(handoff),
        _ => null,
    };

    private static CardKind KindOf(string verb) => verb switch
    {
        ActionVerbs.ContextSave or ActionVerbs.ContextSubmit or ActionVerbs.DraftAccept or ActionVerbs.DraftDiscard => CardKind.Context,
        ActionVerbs.BriefAccept or ActionVerbs.BriefReject or ActionVerbs.BriefAsk => CardKind.Brief,
        _ => CardKind.Other,
    };

    /// <summary>Input values as text: lists (multi-select, repeated rows) one item per line.</summary>
    private static string? Text(JToken? token) => token switch
    {
        null or { Type: JTokenType.Null or JTokenType.Undefined } => null,
        JValue value => Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture),
        JArray array => string.Join('\n', array.Select(Text).OfType<string>()),
        _ => null,
    };

    [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Card action with an unknown verb {Verb}")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Information, Message = "Card action {Verb}: {Status}")]
    private static partial void LogAction(ILogger logger, string verb, ActionStatus status);
}
