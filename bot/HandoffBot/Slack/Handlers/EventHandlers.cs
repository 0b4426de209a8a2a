using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack.Handlers;

/// <summary>One Events API event type, run from the inbox after the acknowledgement.</summary>
public interface ISlackEventHandler
{
    /// <summary>The exact <c>event.type</c>; two handlers for one type fail at start-up.</summary>
    string EventType { get; }

    Task HandleAsync(JsonObject evt, CancellationToken ct);
}

/// <summary><c>app_home_opened</c>: the Home tab shows the person's open handoffs and their clocks.</summary>
public sealed class AppHomeOpenedHandler(ChatCommandService commands, SlackPeople people, IViewsApi views, ICardRenderer cards) : ISlackEventHandler
{
    public const string Type = "app_home_opened";

    public string EventType => Type;

    public async Task HandleAsync(JsonObject evt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Str("user") is not { } userId || (evt.Str("tab") is { } tab && tab != "home"))
        {
            return;
        }

        var person = await people.PersonAsync(userId, ct);
        var card = person is null
            ? await cards.RenderErrorAsync(ChatPlatform.Slack, BlockActionHandler.NotInDirectory, ct)
            : await cards.RenderAsync(ChatPlatform.Slack, await commands.MineAsync(person.Email, ct), person.Email, ct);
        var view = new JsonObject { ["type"] = "home", ["blocks"] = card.Payload["blocks"]?.DeepClone() ?? new JsonArray() };
        await views.PublishAsync(userId, view, ct);
    }
}

/// <summary>
/// <c>message</c> in the bot's DM: the same commands as /handoff, answered in the DM — once, even when
/// the job is cut off mid-post and runs again (through the outbox, keyed by the message it answers).
/// </summary>
public sealed class DirectMessageHandler(ChatCommandService commands, SlackPeople people, SlackNotifier notifier, Outbox outbox, ICardRenderer cards) : ISlackEventHandler
{
    public const string Type = "message";

    public string EventType => Type;

    public async Task HandleAsync(JsonObject evt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(evt);
        // Edits, joins and other subtypes are not commands; only people's plain DMs are.
        if (evt.Str("channel_type") != "im" || evt.ContainsKey("subtype") || evt.Str("user") is not { } userId || evt.Str("channel") is not { } channel)
        {
            return;
        }

        var person = await people.PersonAsync(userId, ct);
        var card = person is null
            ? await cards.RenderErrorAsync(ChatPlatform.Slack, BlockActionHandler.NotInDirectory, ct)
            : await cards.RenderAsync(ChatPlatform.Slack, await commands.ExecuteAsync(person.Email, evt.Str("text"), ct), person.Email, ct);
        var key = $"slack:reply:{channel}:{evt.Str("ts") ?? evt.Str("event_ts") ?? Guid.NewGuid().ToString("N")}";
        await outbox.SendAsync(key, message => notifier.PostCardAsync(channel, card, null, message, ct), ct);
    }
}

/// <summary><c>app_mention</c> in a channel: the command after the mention, answered to the person only.</summary>
public sealed partial class AppMentionHandler(ChatCommandService commands, SlackPeople people, IChatApi chat, ICardRenderer cards) : ISlackEventHandler
{
    public const string Type = "app_mention";

    public string EventType => Type;

    public async Task HandleAsync(JsonObject evt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Str("user") is not { } userId || evt.Str("channel") is not { } channel)
        {
            return;
        }

        var person = await people.PersonAsync(userId, ct);
        var text = Mention().Replace(evt.Str("text") ?? "", " ");
        var card = person is null
            ? await cards.RenderErrorAsync(ChatPlatform.Slack, BlockActionHandler.NotInDirectory, ct)
            : await cards.RenderAsync(ChatPlatform.Slack, await commands.ExecuteAsync(person.Email, text, ct), person.Email, ct);
        await chat.PostEphemeralAsync(channel, userId, card.Text, card.Payload, ct);
    }

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>", RegexOptions.None, 100)]
    private static partial Regex Mention();
}
