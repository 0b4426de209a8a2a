using HandoffBot.Core.Storage;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// Buttons with <c>action_id</c> <c>open.&lt;modal&gt;</c> (Reject, Ask AE, Fill in…): opens the
/// modal right away, inside the request, because the trigger id expires three seconds after the click.
/// views.open has the request's budget (<see cref="SlackRequestBudget"/>): when Slack is too slow or
/// throttling, the click is acknowledged anyway and the person is told from the inbox
/// (<see cref="NoticeJob"/>, an ephemeral message) to click again — a modal cannot be opened later.
/// </summary>
public sealed partial class ModalOpener(
    HandoffService handoffs,
    IViewsApi views,
    IChatApi chat,
    ICardRenderer cards,
    SlackRequestBudget budgets,
    IJobInbox inbox,
    TimeProvider time,
    ILogger<ModalOpener> logger)
{
    public const string Prefix = "open.";
    public const string NoticeJob = "slack.notice";
    public const string ClickAgain = "Slack took too long to open the form. If it did not open, please click the button again.";

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

        var handoff = handoffId.Length == 0 ? null : await handoffs.GetAsync(handoffId, ct);
        if (handoff is null)
        {
            await NoticeLaterAsync(payload, "That handoff no longer exists.", ct);
            return;
        }

        var values = new Dictionary<string, string?> { ["item"] = item };
        var view = (await cards.RenderSlackModalAsync(modal, handoff, new CardState(Values: values), ct)).Payload;
        if (view["private_metadata"] is null)
        {
            view["private_metadata"] = item is null ? handoff.Id : handoff.Id + "|" + item;
        }

        using var budget = budgets.Start(ct);
        try
        {
            await views.OpenAsync(trigger, view, budget.Token);
        }
        catch (SlackApiException ex) when (ex is not SlackRateLimitedException and not SlackUnavailableException)
        {
            // An expired trigger or Slack refusing the view: the person can click again.
            LogOpenFailed(logger, modal, ex.Error);
        }
        catch (Exception ex) when (budget.GaveUp(ex))
        {
            LogOpenFailed(logger, modal, "no answer within the request's budget");
            await NoticeLaterAsync(payload, ClickAgain, ct);
        }
    }

    /// <summary>The inbox job: the notice, ephemeral, where the button was.</summary>
    public async Task SendNoticeAsync(JsonObject notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Str("channel") is { } channel && notice.Str("user") is { } user)
        {
            var card = await cards.RenderErrorAsync(ChatPlatform.Slack, notice.Str("text") ?? ClickAgain, ct);
            await chat.PostEphemeralAsync(channel, user, card.Text, card.Payload, ct);
        }
    }

    /// <summary>Told from the inbox, not in the request: a Slack call here could make the answer late.</summary>
    private async Task NoticeLaterAsync(JsonObject payload, string message, CancellationToken ct)
    {
        var channel = payload.Obj("container").Str("channel_id") ?? payload.Obj("channel").Str("id");
        if (channel is null || payload.Obj("user").Str("id") is not { } user)
        {
            return;
        }

        var notice = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = message };
        var key = "slack:notice:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notice.ToJsonString() + payload.Str("trigger_id"))));
        try
        {
            await inbox.AcceptAsync(ScheduledJob.Create(NoticeJob, null, time.GetUtcNow(), key, time.GetUtcNow(), notice.ToJsonString()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            SlackLog.Failed(logger, ex, "notice");
        }
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Slack modal {Modal} could not be opened: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, string modal, string error);
}
