using System.Globalization;
using HandoffBot.Cards.Models;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;

namespace HandoffBot.Cards.Data;

/// <summary>The data of every notification other than the brief and the context request.</summary>
public static class MessageBuilder
{
    public static QuestionCardData Question(CardContext ctx, QuestionNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new QuestionCardData(summary, Pieces.Deal(ctx, n.Handoff), Pieces.Question(ctx, n.Question), ctx.Person(n.Handoff.Routing.AeOwnerEmail, "AE"),
            ctx.State.ShowActions && n.Question.IsOpen && Audience.MayAct(n, ctx.ReaderActor), ctx.Notice());
    }

    public static AnswerCardData Answer(CardContext ctx, AnswerNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new AnswerCardData(summary, Pieces.Deal(ctx, n.Handoff), Pieces.Question(ctx, n.Question));
    }

    public static TextData Text(CardContext ctx, TextNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff?.Deal.CrmUrl);
        return new TextData(summary, n.Handoff is { } h ? Pieces.Deal(ctx, h) : null, ctx.Md(n.Text, 3000), ctx.Notice());
    }

    public static WelcomeData Welcome(CardContext ctx, Person? person, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var roles = person?.Roles ?? new HashSet<PersonRole>();
        return new WelcomeData(
            summary,
            person is null ? null : ctx.Person(person.Email),
            new WelcomeRoles(
                roles.Count == 0 || roles.Contains(PersonRole.AccountExecutive),
                roles.Contains(PersonRole.Csm) || roles.Contains(PersonRole.CsLead),
                roles.Contains(PersonRole.SalesLeader) || roles.Contains(PersonRole.Manager),
                roles.Contains(PersonRole.RevOpsAdmin)),
            roles.Contains(PersonRole.SalesLeader)
                ? [new("digest", "the last seven days, with a chart"), new("my handoffs", "what you own, with its clock"), new("status Acme", "one handoff in detail"), new("help", "everything I understand")]
                : [new("my handoffs", "what you own, with its clock"), new("status Acme", "one handoff in detail"), new("who owns Acme", "the one accountable owner"), new("help", "everything I understand")]);
    }

    public static ReminderData Reminder(CardContext ctx, ReminderNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new ReminderData(summary, Pieces.Deal(ctx, n.Handoff), n.Stage.Display(), n.Percent, ctx.Time(n.DueAt), n.DueAt <= ctx.Now,
            n.NudgedBy is { } by ? ctx.Person(by) : null, Pieces.Clock(ctx, n.Handoff));
    }

    public static EscalationData Escalation(CardContext ctx, EscalationNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new EscalationData(summary, Pieces.Deal(ctx, n.Handoff), n.Stage.Display(), ctx.Person(n.OwnerEmail), ctx.Time(n.DueAt), ctx.Md(n.Reason, 300),
            ctx.State.ShowActions && Audience.MayAct(n, ctx.ReaderActor), ctx.Notice());
    }

    public static InternalHandoffData InternalHandoff(CardContext ctx, InternalHandoffNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        var h = n.Handoff;
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        return new InternalHandoffData(summary, Pieces.Deal(ctx, h), ctx.Person(h.Routing.AeOwnerEmail, "AE"), BriefBuilder.Csm(ctx, h),
            ctx.Time(h.AeSyncedAt), ctx.Time(h.CsmSyncedAt), [.. h.Questions.Where(q => q.IsOpen).Take(10).Select(q => Pieces.Question(ctx, q))],
            Pieces.Clock(ctx, h), ctx.State.ShowActions && h.Stage == Stage.InternalHandoff && Audience.MayAct(n, ctx.ReaderActor), Pair(ctx, h), ctx.Notice());
    }

    public static WarmIntroData WarmIntro(CardContext ctx, WarmIntroNotification n, TimeZoneInfo customerZone, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        var h = n.Handoff;
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        var slots = n.KickoffSlots.Take(6).Select(s => new SlotData(ctx.Md(Times.Format(s, customerZone, ctx.Now), 100), ctx.Time(s))).ToList();
        return new WarmIntroData(summary, Pieces.Deal(ctx, h), ctx.Person(h.Routing.AeOwnerEmail, "AE"), BriefBuilder.Csm(ctx, h),
            ctx.Md(n.Draft.Subject, 300), ctx.Md(n.Draft.Body, 3000), slots, CardContext.Url(n.IcsUrl), Pieces.Clock(ctx, h),
            ctx.State.ShowActions && (h.Stage is Stage.WarmIntro or Stage.Kickoff) && Audience.MayAct(n, ctx.ReaderActor),
            ctx.State.ShowActions && h.Stage == Stage.WarmIntro && (ctx.ReaderActor is not { } reader || h.IsAeSide(reader)),
            Pair(ctx, h), ctx.Notice());
    }

    public static KickoffData Kickoff(CardContext ctx, KickoffNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        var h = n.Handoff;
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ctx.Now, ctx.Zone).DateTime);
        return new KickoffData(summary, Pieces.Deal(ctx, h), ctx.Person(h.Routing.AeOwnerEmail, "AE"), BriefBuilder.Csm(ctx, h),
            h.KickoffBookedFor is { } on ? on.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-US")) : "",
            h.KickoffHeldOn is { } held ? held.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-US")) : "",
            CardContext.Url(n.IcsUrl),
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Pieces.Clock(ctx, h),
            ctx.State.ShowActions && h.Stage == Stage.Kickoff && Audience.MayAct(n, ctx.ReaderActor),
            ctx.State.ShowActions && h.Stage == Stage.Kickoff && (ctx.ReaderActor is not { } reader || h.IsCsSide(reader)),
            Pair(ctx, h), ctx.Notice());
    }

    public static PollData Poll(CardContext ctx, PollNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        var canAct = ctx.State.ShowActions && Audience.MayAct(n, ctx.ReaderActor);
        return new PollData(summary, Pieces.Deal(ctx, n.Handoff), n.DayOffset, n.IsReminder, BriefBuilder.Csm(ctx, n.Handoff),
            ctx.Teams && canAct ? [.. PollForm.Inputs().Select(i => BriefBuilder.Input(ctx, i))] : [], canAct, ctx.Notice());
    }

    public static PollAnswerData PollAnswer(CardContext ctx, PollAnswer a)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(a);
        return new PollAnswerData(a.DayOffset, Formats.Words(a.MatchedWhatWasSold), a.MatchedWhatWasSold == DealMatch.Yes, a.ExpectationsRealistic,
            a.FirstValueOn is { } d ? CardContext.Date(d) : "", Formats.Words(a.ChurnRisk), ctx.Md(a.Comment, 1000), ctx.Person(a.By, "CSM"), ctx.Time(a.At));
    }

    public static PollThanksData PollThanks(CardContext ctx, PollThanksNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new PollThanksData(summary, Pieces.Deal(ctx, n.Handoff), PollAnswer(ctx, n.Answer));
    }

    public static PollAlertData PollAlert(CardContext ctx, PollAlertNotification n, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        ctx.RecordUrl = CardContext.Url(n.Handoff.Deal.CrmUrl);
        return new PollAlertData(summary, Pieces.Deal(ctx, n.Handoff), PollAnswer(ctx, n.Answer), ctx.Person(n.Handoff.Deal.AeEmail, "AE"));
    }

    /// <summary>"Avery Brooks (AE) and Casey Lin (CSM)": the two people a shared handoff card is for.</summary>
    private static string Pair(CardContext ctx, Handoff h) =>
        $"{ctx.Person(h.Routing.AeOwnerEmail).Label} (AE) and {BriefBuilder.Csm(ctx, h).Label} (CSM)";
}
