using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// A button whose <c>action_id</c> is a verb (Accept, Save, Nudge…), run from the inbox after the
/// acknowledgement: the verb goes to <see cref="UserActionService"/>; success updates the message in
/// place, a refusal is explained to the person only (ephemeral) and changes nothing.
/// </summary>
public sealed class BlockActionHandler(UserActionService actions, SlackPeople people, IChatApi chat, ICardRenderer cards, MessageRefresher refresher, ILogger<BlockActionHandler> logger)
{
    public const string NotInDirectory = "HandoffBot does not know you yet: ask RevOps to add your work email to the people directory.";

    public async Task HandleAsync(JsonObject payload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var action = (payload["actions"] as JsonArray)?.FirstOrDefault() as JsonObject;
        var verb = SlackActionIds.Verb(action.Str("action_id"));
        var userId = payload.Obj("user").Str("id");
        if (verb is null || userId is null)
        {
            return;
        }

        var (handoffId, item) = SlackActionIds.Target(action.Str("value") ?? action.Obj("selected_option").Str("value"));
        var channel = payload.Obj("container").Str("channel_id") ?? payload.Obj("channel").Str("id");
        var ts = payload.Obj("container").Str("message_ts");
        var container = channel is not null && ts is not null ? new MessageRef(ChatPlatform.Slack, channel, ts) : null;

        var person = await people.PersonAsync(userId, ct);
        if (person is null)
        {
            await ExplainAsync(channel, userId, NotInDirectory, ct);
            return;
        }

        var result = await actions.ExecuteAsync(new UserAction(verb, handoffId, person.Email, ViewState.Read(payload["state"]), item), ct);
        SlackLog.ActionDone(logger, verb, handoffId, userId, result.Status.ToString());
        if (result.Status == ActionStatus.Done && result.Handoff is { } handoff)
        {
            if (MessageRefresher.OnSharedMessage(verb))
            {
                // The channel's message is updated for everyone by the core; the confirmation is the person's own.
                if (channel is not null)
                {
                    await chat.PostEphemeralAsync(channel, userId, result.Message, null, ct);
                }

                return;
            }

            await refresher.RefreshAsync(handoff, verb, item, result.Message, container, ct);
            return;
        }

        var why = result.Errors.Count > 0 ? result.Message + " " + string.Join(" ", result.Errors.Select(e => e.Message)) : result.Message;
        await ExplainAsync(channel, userId, why, ct);
    }

    private async Task ExplainAsync(string? channel, string userId, string message, CancellationToken ct)
    {
        if (channel is null)
        {
            return;
        }

        var card = await cards.RenderErrorAsync(ChatPlatform.Slack, message, ct);
        await chat.PostEphemeralAsync(channel, userId, card.Text, card.Payload, ct);
    }
}
