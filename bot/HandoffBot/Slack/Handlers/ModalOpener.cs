using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// Buttons with <c>action_id</c> <c>open.&lt;modal&gt;</c> (Reject, Ask AE, Fill in…): opens the
/// modal right away, inside the request, because the trigger id expires three seconds after the click.
/// </summary>
public sealed partial class ModalOpener(HandoffService handoffs, IViewsApi views, IChatApi chat, ICardRenderer cards, ILogger<ModalOpener> logger)
{
    public const string Prefix = "open.";

    public static IReadOnlySet<string> Modals { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SlackModals.Context, SlackModals.Reject, SlackModals.Ask, SlackModals.Answer, SlackModals.Reassign, SlackModals.Kickoff, SlackModals.Poll,
    };

    public async Task OpenAsync(JsonObject payload, JsonObject action, string actionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(action);
        var modal = actionId[Prefix.Length..];
        var trigger = payload.Str("trigger_id");
        var (handoffId, item) = SlackActionIds.Target(action.Str("value"));
        if (!Modals.Contains(modal) || trigger is null)
        {
            SlackLog.Unhandled(logger, "modal", modal);
            return;
        }

        try
        {
            var handoff = handoffId.Length == 0 ? null : await handoffs.GetAsync(handoffId, ct);
            if (handoff is null)
            {
                await ExplainAsync(payload, "That handoff no longer exists.", ct);
                return;
            }

            var values = new Dictionary<string, string?> { ["item"] = item };
            var view = (await cards.RenderSlackModalAsync(modal, handoff, new CardState(Values: values), ct)).Payload;
            if (view["private_metadata"] is null)
            {
                view["private_metadata"] = item is null ? handoff.Id : handoff.Id + "|" + item;
            }

            await views.OpenAsync(trigger, view, ct);
        }
        catch (SlackApiException ex)
        {
            // An expired trigger or Slack refusing the view: the person can click again.
            LogOpenFailed(logger, modal, ex.Error);
        }
        catch (HttpRequestException ex)
        {
            LogOpenFailed(logger, modal, ex.Message);
        }
    }

    private async Task ExplainAsync(JsonObject payload, string message, CancellationToken ct)
    {
        var channel = payload.Obj("container").Str("channel_id") ?? payload.Obj("channel").Str("id");
        if (channel is not null && payload.Obj("user").Str("id") is { } user)
        {
            var card = await cards.RenderErrorAsync(ChatPlatform.Slack, message, ct);
            await chat.PostEphemeralAsync(channel, user, card.Text, card.Payload, ct);
        }
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Slack modal {Modal} could not be opened: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string modal, string error);
}
