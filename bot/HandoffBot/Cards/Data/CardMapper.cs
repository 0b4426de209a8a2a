using HandoffBot.Cards.Models;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Cards.Data;

/// <summary>Which card a notification, command answer or modal is, and its data.</summary>
/// <param name="Card">The card's name (its template is <c>teams/&lt;card&gt;</c> or <c>slack/&lt;card&gt;</c>).</param>
/// <param name="Data">The card's data model (one of the records of <see cref="CardRecords"/>).</param>
/// <param name="Summary">Plain-text preview (notification text, Slack's <c>text</c>), in names and the reader's zone.</param>
public sealed record CardPayload(string Card, object Data, string Summary);

/// <summary>The one mapping from the domain to card data (every platform, every reader).</summary>
public static class CardMapper
{
    public static CardPayload Map(CardContext ctx, Notification n, TimeZoneInfo defaultZone)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        return n switch
        {
            ContextRequestNotification x => new("context-request", BriefBuilder.ContextRequest(ctx, x.Handoff, x.Completeness, Summary(ctx, x)), Summary(ctx, x)),
            BriefNotification x => new("brief", BriefBuilder.Brief(ctx, x.Handoff, x.Completeness, Summary(ctx, x)), Summary(ctx, x)),
            QuestionNotification x => new("question", MessageBuilder.Question(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            AnswerNotification x => new("answer", MessageBuilder.Answer(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            TextNotification x => new("text", MessageBuilder.Text(ctx, x, x.Text), TextSafety.Plain(x.Text, 3000)),
            WelcomeNotification x => new("welcome", MessageBuilder.Welcome(ctx, x.Person, Summary(ctx, x)), Summary(ctx, x)),
            ReminderNotification x => new("reminder", MessageBuilder.Reminder(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            EscalationNotification x => new("escalation", MessageBuilder.Escalation(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            InternalHandoffNotification x => new("internal-handoff", MessageBuilder.InternalHandoff(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            WarmIntroNotification x => new("warm-intro", MessageBuilder.WarmIntro(ctx, x, Core.Playbooks.TimeZones.FindOr(x.Handoff.Deal.CustomerTimeZone, defaultZone), Summary(ctx, x)), Summary(ctx, x)),
            KickoffNotification x => new("kickoff", MessageBuilder.Kickoff(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            PollNotification x => new("poll", MessageBuilder.Poll(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            PollThanksNotification x => new("poll-thanks", MessageBuilder.PollThanks(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            PollAlertNotification x => new("poll-alert", MessageBuilder.PollAlert(ctx, x, Summary(ctx, x)), Summary(ctx, x)),
            DigestNotification x => new("digest", DigestCardBuilder.Build(ctx, x.Report, Summary(ctx, x)), Summary(ctx, x)),
            _ => new("text", MessageBuilder.Text(ctx, new TextNotification(n.Summary), n.Summary), TextSafety.Plain(n.Summary, 3000)),
        };
    }

    public static CardPayload Map(CardContext ctx, ChatCommandResult result)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(result);
        switch (result)
        {
            case HelpResult x:
                var help = CommandBuilder.Help(ctx, x);
                return new("help", help, help.Summary);
            case HandoffListResult x:
                var list = CommandBuilder.List(ctx, x);
                return new("my-handoffs", list, list.Summary);
            case StatusResult x:
                var summary = $"Status · {x.Handoff.Deal.AccountName}";
                return new("status", BriefBuilder.Brief(ctx, x.Handoff, x.Completeness, summary), summary);
            case OwnerResult x:
                var owner = CommandBuilder.WhoOwns(ctx, x);
                return new("who-owns", owner, owner.Summary);
            case NoMatchResult x:
                var none = CommandBuilder.NoMatch(ctx, x);
                return new("no-match", none, none.Summary);
            case ReassignCommandResult x:
                var reassign = CommandBuilder.Reassign(ctx, x);
                return new("reassign", reassign, reassign.Summary);
            case DigestCommandResult { Result.Report: { } report }:
                return Map(ctx, new DigestNotification(report), ctx.Zone);
            case DigestCommandResult x:
                return Error(ctx, x.Result.Message);
            default:
                return Map(ctx, new HelpResult());
        }
    }

    public static CardPayload Error(CardContext ctx, string message)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        return new("error", CommandBuilder.Error(ctx, message), TextSafety.Plain(message, 3000));
    }

    public static CardPayload Modal(CardContext ctx, string modal, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new("modal-" + modal, ModalBuilder.Build(ctx, modal, h), h.Deal.AccountName);
    }

    /// <summary>The preview text: names from the directory, times in the reader's zone (plain, never a Slack token).</summary>
    private static string Summary(CardContext ctx, Notification n) => n switch
    {
        ContextRequestNotification x => x.Completeness.IsComplete
            ? $"{x.Handoff.Deal.AccountName}: everything CS needs is there — check it and send it to CS."
            : $"{x.Handoff.Deal.AccountName}: CS needs {x.Completeness.Missing.Count} more field(s) before the handoff.",
        BriefNotification x => $"Handoff brief: {x.Handoff.Deal.AccountName} ({x.Handoff.Stage.Display()}).",
        QuestionNotification x => $"{ctx.PersonPlain(x.Question.AskedBy)} has a question about {x.Handoff.Deal.AccountName}.",
        AnswerNotification x => $"{ctx.PersonPlain(x.Question.AnsweredBy ?? x.Handoff.Deal.AeEmail)} answered a question about {x.Handoff.Deal.AccountName}.",
        ReminderNotification x => x.NudgedBy is { } by
            ? $"{ctx.PersonPlain(by)} asks you to act on {x.Handoff.Deal.AccountName} — {x.Stage.Display()} is due {ctx.TimePlain(x.DueAt)}."
            : $"Reminder: {x.Handoff.Deal.AccountName} — {x.Stage.Display()} is due {ctx.TimePlain(x.DueAt)}.",
        EscalationNotification x => x.Reason is { } reason
            ? $"Escalation: {x.Handoff.Deal.AccountName} — {x.Stage.Display()} is yours now: {ctx.PersonPlain(x.OwnerEmail)} {reason}."
            : $"Escalation: {x.Handoff.Deal.AccountName} — {x.Stage.Display()} was due {ctx.TimePlain(x.DueAt)} ({ctx.PersonPlain(x.OwnerEmail)}).",
        DigestNotification x => $"Handoff digest {Times.Date(x.Report.From)} – {Times.Date(x.Report.To)}: {x.Report.HandoffCount} handoffs, {x.Report.Breaches} SLA breaches.",
        _ => n.Summary,
    };
}
