using System.Globalization;
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
/// re-rendered in place — with the entered values and per-field errors, or in its new state. A
/// refusal (wrong person, nothing to find) is a message to the person and the card stays as it was.
/// The verb <see cref="Refresh"/> is Universal Actions' refresh: the brief as this person should see it.
/// </summary>
public sealed partial class CardActionHandler(
    UserActionService actions,
    HandoffService handoffs,
    TeamsPeople people,
    CardAudience audience,
    ICardRenderer cards,
    CommandHandler commands,
    Demo.TeamsActAs demo,
    ILogger<CardActionHandler> logger)
{
    public const string Name = "adaptiveCard/action";

    /// <summary>Universal Actions refresh (the renderer puts it on the brief); data: <c>handoffId</c>.</summary>
    public const string Refresh = "card.refresh";

    public const string UnknownVerb = "That button is not one I know — the card may be out of date. Type 'help' to see what I can do.";

    /// <summary>Data keys the card carries besides its inputs.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "handoffId", "item", "card", "msteams" };

    public async Task<InvokeResponse> HandleAsync(ITurnContext<IInvokeActivity> turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var action = (turn.Activity.Value as JObject)?["action"] as JObject;
        var verb = (action?["verb"] as JValue)?.Value as string;
        var data = action?["data"] as JObject ?? [];
        if (verb == CommandHandler.RunVerb)
        {
            return await commands.RunFromCardAsync(turn, Text(data["command"]), ct);
        }

        if (verb is not null && await demo.TryHandleInvokeAsync(turn, verb, data, ct) is { } actedAs)
        {
            return actedAs; // "Act as …": the local demo only; elsewhere an unknown verb like any other
        }

        if (string.IsNullOrWhiteSpace(verb) || (verb != Refresh && !ActionVerbs.All.Contains(verb)))
        {
            LogUnknownVerb(logger, verb is null ? "(none)" : new string([.. verb.Take(40).Where(c => !char.IsControl(c))]));
            return CardResponses.Message(UnknownVerb);
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

        var item = Text(data["item"]);
        var inputs = data.Properties()
            .Where(p => !Reserved.Contains(p.Name))
            .ToDictionary(p => p.Name, p => Text(p.Value), StringComparer.Ordinal);
        var result = await actions.ExecuteAsync(new UserAction(verb, handoffId, person.Email, inputs, item), ct);
        LogAction(logger, verb, result.Status);
        if (result.Status is ActionStatus.NotAllowed or ActionStatus.NotFound || result.Handoff is not { } handoff)
        {
            // Nothing changed: only the person who pressed reads why.
            return CardResponses.Message(result.Message);
        }

        if (result.Status == ActionStatus.Invalid)
        {
            var form = NotificationFor(verb, handoff, item) ?? new TextNotification(result.Message, handoff);
            var kind = KindOf(verb);
            return CardResponses.Card(await cards.RenderAsync(ChatPlatform.Teams, form, new CardState(true, inputs, result.Errors, result.Message, await RefreshIdsAsync(kind, handoff, ct), person.Email), ct));
        }

        return await NewStateAsync(verb, handoff, person, item, result, ct);
    }

    /// <summary>The card the verb was pressed on, in the handoff's new state; a message when that card cannot be rebuilt.</summary>
    private async Task<InvokeResponse> NewStateAsync(string verb, Handoff handoff, Person person, string? item, ActionResult result, CancellationToken ct)
    {
        if (verb == ActionVerbs.ContextSubmit && result.Succeeded)
        {
            // The form becomes a read-only summary of what went to CS.
            var sent = new BriefNotification(handoff, handoffs.CompletenessOf(handoff));
            return CardResponses.Card(await cards.RenderAsync(ChatPlatform.Teams, sent, new CardState(ShowActions: false, Banner: "📨 " + result.Message, Reader: person.Email), ct));
        }

        if (NotificationFor(verb, handoff, item) is not { } notification)
        {
            return CardResponses.Message(result.Message);
        }

        var kind = KindOf(verb);
        // The brief says itself who accepted or rejected it and when (also to the one who pressed a moment too late);
        // elsewhere the banner confirms what happened.
        var banner = verb is ActionVerbs.BriefAccept or ActionVerbs.BriefReject ? null : result.Message;
        var state = new CardState(CardAudience.MayAct(kind, handoff, person.Email), Banner: banner, RefreshUserIds: await RefreshIdsAsync(kind, handoff, ct), Reader: person.Email);
        return CardResponses.Card(await cards.RenderAsync(ChatPlatform.Teams, notification, state, ct));
    }

    /// <summary>A shared card (the brief, the internal handoff, the kickoff) as this person should see it: their buttons, their zone, "you".</summary>
    private async Task<InvokeResponse> RefreshAsync(Person person, string handoffId, string? card, CancellationToken ct)
    {
        if (handoffId.Length is 0 or > 100 || await handoffs.GetAsync(handoffId, ct) is not { } handoff)
        {
            return CardResponses.Message("That handoff no longer exists.");
        }

        Notification notification = card switch
        {
            "internal-handoff" => new InternalHandoffNotification(handoff),
            "kickoff" => new KickoffNotification(handoff),
            _ => new BriefNotification(handoff, handoffs.CompletenessOf(handoff)),
        };
        var state = new CardState(RefreshUserIds: await audience.RefreshUserIdsAsync(Cards.Data.Audience.Actors(notification), ct), Reader: person.Email);
        return CardResponses.Card(await cards.RenderAsync(ChatPlatform.Teams, notification, state, ct));
    }

    /// <summary>Only the brief is refreshed (it is the card several people see); the AE's form lives in one personal chat.</summary>
    private async Task<IReadOnlyList<string>?> RefreshIdsAsync(CardKind kind, Handoff handoff, CancellationToken ct) =>
        kind == CardKind.Brief ? await audience.RefreshUserIdsAsync(kind, handoff, ct) : null;

    private Notification? NotificationFor(string verb, Handoff handoff, string? item) => verb switch
    {
        ActionVerbs.ContextSave or ActionVerbs.ContextSubmit or ActionVerbs.DraftAccept or ActionVerbs.DraftDiscard
            => new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff)),
        ActionVerbs.BriefAccept or ActionVerbs.BriefReject or ActionVerbs.BriefAsk
            => new BriefNotification(handoff, handoffs.CompletenessOf(handoff)),
        ActionVerbs.QuestionAnswer when handoff.Questions.FirstOrDefault(q => q.Id == item) is { } question
            => new QuestionNotification(handoff, question),
        ActionVerbs.SyncConfirm => new InternalHandoffNotification(handoff),
        ActionVerbs.PollAnswer when int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var day)
            && handoff.PollAnswers.LastOrDefault(a => a.DayOffset == day) is { } answer
            => new PollThanksNotification(handoff, answer),
        _ => null,
    };

    private static CardKind KindOf(string verb) => verb switch
    {
        ActionVerbs.ContextSave or ActionVerbs.ContextSubmit or ActionVerbs.DraftAccept or ActionVerbs.DraftDiscard => CardKind.Context,
        ActionVerbs.BriefAccept or ActionVerbs.BriefReject or ActionVerbs.BriefAsk => CardKind.Brief,
        _ => CardKind.Other,
    };

    /// <summary>Input values as text: lists (multi-select, repeated rows) one item per line; objects are not inputs.</summary>
    private static string? Text(JToken? token) => token switch
    {
        null or { Type: JTokenType.Null or JTokenType.Undefined } => null,
        // A reader that parses dates would hand back "2026-12-15" as a DateTime: give the input's text back.
        JValue { Value: DateTime date } => date.TimeOfDay == TimeSpan.Zero ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : date.ToString("o", CultureInfo.InvariantCulture),
        JValue { Value: DateTimeOffset offset } => offset.ToString("o", CultureInfo.InvariantCulture),
        JValue { Value: bool flag } => flag ? "true" : "false",
        JValue value => Convert.ToString(value.Value, CultureInfo.InvariantCulture),
        JArray array => string.Join('\n', array.Select(Text).OfType<string>()),
        _ => null,
    };

    [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Card action with an unknown verb {Verb}")]
    private static partial void LogUnknownVerb(ILogger logger, string verb);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Information, Message = "Card action {Verb}: {Status}")]
    private static partial void LogAction(ILogger logger, string verb, ActionStatus status);
}
