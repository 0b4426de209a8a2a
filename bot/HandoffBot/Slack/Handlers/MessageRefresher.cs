using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// After an action succeeded, shows the new state in the Slack message it belongs to, in place:
/// the context request DM (progress), the CS brief (who accepted, when), the question. Other
/// cards are replaced by the confirmation so their buttons cannot be pressed twice.
/// </summary>
public sealed class MessageRefresher(HandoffService handoffs, SlackNotifier notifier)
{
    /// <summary>
    /// Verbs on the CS brief: a message the whole channel sees, which the core keeps current itself
    /// ("Accepted by … on …"). A personal banner ("You accepted…") does not belong there.
    /// </summary>
    public static bool OnSharedMessage(string verb) => verb is ActionVerbs.BriefAccept or ActionVerbs.BriefReject or ActionVerbs.BriefAsk;

    public async Task RefreshAsync(Handoff handoff, string verb, string? item, string? banner, MessageRef? container, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        if (OnSharedMessage(verb))
        {
            return;
        }

        var (key, notification) = verb switch
        {
            ActionVerbs.ContextSave or ActionVerbs.ContextSubmit or ActionVerbs.DraftAccept or ActionVerbs.DraftDiscard =>
                (MessageKeys.ContextRequest, (Notification)new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff))),
            ActionVerbs.QuestionAnswer when handoff.Questions.FirstOrDefault(q => q.Id == item) is { } question =>
                (MessageKeys.Question(question.Id), new QuestionNotification(handoff, question)),
            _ => ((string?)null, new TextNotification(banner ?? "Done.", handoff)),
        };

        var target = key is not null && handoff.Messages.TryGetValue(key, out var known) && known.Platform == ChatPlatform.Slack
            ? known
            : container;
        if (target is null)
        {
            return;
        }

        await notifier.UpdateAsync(target, notification, new CardState(Banner: banner), ct);
    }
}
