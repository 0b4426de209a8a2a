using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;

namespace HandoffBot.Cards.Data;

/// <summary>
/// Who may press a card's buttons, by the domain's own rules (<see cref="Handoff.IsAeSide"/>,
/// <see cref="Handoff.IsCsSide"/>, roles): a card rendered for one reader shows its buttons only to
/// someone who may press them. A shared card (a channel post) names who may act; Teams refreshes it
/// for exactly those people (Universal Actions) and everyone else sees it without buttons.
/// </summary>
public static class Audience
{
    /// <summary>The people a shared card's buttons are for (emails, normalised, in order).</summary>
    public static IReadOnlyList<string> Actors(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        IEnumerable<string?> emails = notification switch
        {
            BriefNotification { Handoff: var h } when h.Stage == Stage.CsReview => [h.Deal.CsmEmail, h.Routing.CsLeadEmail, h.Owner.Email],
            ContextRequestNotification { Handoff: var h } => [h.Routing.AeOwnerEmail, h.Owner.Email],
            InternalHandoffNotification { Handoff: var h } => [h.Routing.AeOwnerEmail, h.Deal.CsmEmail],
            WarmIntroNotification { Handoff: var h } => [h.Routing.AeOwnerEmail, h.Deal.CsmEmail],
            KickoffNotification { Handoff: var h } => [h.Deal.CsmEmail, h.Routing.AeOwnerEmail],
            _ => [],
        };
        return [.. emails.OfType<string>().Where(e => e != Actor.SystemEmail).Select(Emails.Normalize).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="reader"/> may press the card's buttons; anyone may when the reader is unknown (the domain still refuses).</summary>
    public static bool MayAct(Notification notification, Actor? reader)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (reader is null)
        {
            return true;
        }

        return notification switch
        {
            BriefNotification { Handoff: var h } => h.IsCsSide(reader),
            ContextRequestNotification { Handoff: var h } => h.IsAeSide(reader),
            QuestionNotification { Handoff: var h } => h.IsAeSide(reader),
            InternalHandoffNotification { Handoff: var h } => h.IsAeSide(reader) || h.IsCsSide(reader),
            WarmIntroNotification { Handoff: var h } => h.IsAeSide(reader) || h.IsCsSide(reader),
            KickoffNotification { Handoff: var h } => h.IsAeSide(reader) || h.IsCsSide(reader),
            PollNotification { Handoff: var h } => h.IsCsSide(reader),
            EscalationNotification => Leads(reader),
            _ => true,
        };
    }

    /// <summary>Who may nudge, reassign or snooze a clock.</summary>
    public static bool Leads(Actor reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return reader.Has(PersonRole.CsLead) || reader.Has(PersonRole.RevOpsAdmin) || reader.Has(PersonRole.Manager) || reader.Has(PersonRole.SalesLeader);
    }

    /// <summary>
    /// The reader of cards that only ever go to one person, for updates made without one (the notifier
    /// updating the AE's form after a save): the AE owner reads the context request and the question.
    /// </summary>
    public static string? ImpliedReader(Notification notification) => notification switch
    {
        ContextRequestNotification { Handoff: var h } => h.Routing.AeOwnerEmail,
        QuestionNotification { Handoff: var h } => h.Routing.AeOwnerEmail,
        _ => null,
    };
}
