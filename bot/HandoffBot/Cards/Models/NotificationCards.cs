using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;

namespace HandoffBot.Cards.Models;

/// <summary>The view models of every notification except the brief and the context request (<see cref="BriefCards"/>).</summary>
public static class NotificationCards
{
    public static CardModel Build(Notification n, ChatPlatform p, CardState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var m = Model(n, p, state, now);
        // Only the context form shows errors beside its inputs; elsewhere (a form folded behind a
        // button, a poll) they lead the card so nobody misses them.
        if (n is not ContextRequestNotification && state.Errors is { Count: > 0 } errors)
        {
            m.Banner = "⚠️ " + string.Join(" ", errors.Select(e => e.Message));
            m.BannerColor = "Attention";
        }

        return m;
    }

    private static CardModel Model(Notification n, ChatPlatform p, CardState state, DateTimeOffset now) => n switch
    {
        ContextRequestNotification x => BriefCards.ContextRequest(x.Handoff, x.Completeness, p, state),
        BriefNotification x => BriefCards.Brief(x.Handoff, x.Completeness, p, now),
        QuestionNotification x => Question(x, p),
        AnswerNotification x => Answer(x),
        TextNotification x => Text(x),
        WelcomeNotification x => Welcome(x.Person),
        ReminderNotification x => Reminder(x, now),
        EscalationNotification x => Escalation(x, p),
        InternalHandoffNotification x => InternalHandoff(x.Handoff, p),
        WarmIntroNotification x => WarmIntro(x, p),
        PollNotification x => Poll(x, p),
        PollThanksNotification x => PollThanks(x),
        PollAlertNotification x => PollAlert(x),
        DigestNotification x => Digest(x.Report),
        _ => new CardModel("text", "HandoffBot") { Text = n.Summary },
    };

    private static CardModel For(string name, string title, Handoff h) => new(name, title) { RecordUrl = h.Deal.CrmUrl?.AbsoluteUri ?? "" };

    private static CardModel Question(QuestionNotification n, ChatPlatform p)
    {
        var h = n.Handoff;
        var m = For("question", $"Question about {h.Deal.AccountName}", h);
        m.Subtitle = $"From {Formats.Person(n.Question.AskedBy)} · {Formats.When(n.Question.AskedAt)}";
        m.Text = n.Question.Text;
        if (p == ChatPlatform.Teams)
        {
            m.Inputs.Add(new CardInput("text", ActionInputs.Answer, "Your answer") { Multiline = true, MaxLength = 2000, Optional = false });
            m.Actions.Add(new CardAction("Send answer", ActionVerbs.QuestionAnswer, h.Id, n.Question.Id, "positive"));
        }
        else
        {
            m.Actions.Add(new CardAction("Answer…", "open." + SlackModals.Answer, h.Id, n.Question.Id, "primary"));
        }

        return m;
    }

    private static CardModel Answer(AnswerNotification n)
    {
        var h = n.Handoff;
        var m = For("answer", $"The AE answered · {h.Deal.AccountName}", h);
        m.Subtitle = $"{Formats.Person(n.Question.AnsweredBy ?? h.Deal.AeEmail)}" + (n.Question.AnsweredAt is { } at ? $" · {Formats.When(at)}" : "");
        m.Section("Question").Line(n.Question.Text, $"asked by {Formats.Person(n.Question.AskedBy)}");
        m.Section("Answer").Line(n.Question.Answer ?? "(no answer yet)");
        return m;
    }

    private static CardModel Text(TextNotification n)
    {
        var m = n.Handoff is { } h ? For("text", h.Deal.AccountName, h) : new CardModel("text", "HandoffBot");
        m.Accent = "default";
        m.Text = n.Text;
        return m;
    }

    public static CardModel Welcome(Person? person)
    {
        var m = new CardModel("welcome", person is null ? "Welcome to HandoffBot" : $"Welcome, {person.Name}")
        {
            Accent = "accent",
            Text = "I run the handoff from sales to customer success: one owner and one clock at every step, and everything CS needs in one brief.",
        };
        var roles = person?.Roles ?? new HashSet<PersonRole>();
        if (roles.Count == 0 || roles.Contains(PersonRole.AccountExecutive))
        {
            m.Section("As an AE").Line("When a deal closes I ask you for the context CS needs, with suggestions drafted from your notes and calls.")
                .Line("Answer CS's questions here; confirm the internal sync and the warm intro with one click.");
        }

        if (roles.Contains(PersonRole.Csm) || roles.Contains(PersonRole.CsLead))
        {
            m.Section("As CS").Line("Handoff briefs arrive in your CS channel: Accept, Reject with a reason, or ask the AE.")
                .Line("After kickoff I ask four quick questions at +30, +60 and +90 days.");
        }

        if (roles.Contains(PersonRole.SalesLeader) || roles.Contains(PersonRole.Manager))
        {
            m.Section("As a leader").Line("A weekly digest: time per stage, SLA breaches, poll results, rejection reasons, churn flags.")
                .Line("Escalations reach you when a clock runs out: Nudge, Reassign or Snooze.");
        }

        if (roles.Contains(PersonRole.RevOpsAdmin))
        {
            m.Section("As RevOps").Line("You own handoffs whose AE is unknown, and see every gap and failed message.");
        }

        m.Section("Try").Line("my handoffs").Line("status <account>").Line("who owns <account>").Line("help");
        return m;
    }

    private static CardModel Reminder(ReminderNotification n, DateTimeOffset now)
    {
        var h = n.Handoff;
        var m = For("reminder", $"⏰ {n.Stage.Display()} · {h.Deal.AccountName}", h);
        m.Accent = n.Percent >= 100 ? "attention" : "warning";
        m.Text = n.NudgedBy is { } by
            ? $"{Formats.Person(by)} asks you to act on this today."
            : n.Percent >= 100 ? "This step is due now." : $"{n.Percent}% of the time for this step has gone.";
        m.Fact("Stage", n.Stage.Display()).Fact("Due", Formats.Clock(n.DueAt, now)).Fact("Owner", Formats.Person(h.Owner.Email)).Fact("CRM", h.Deal.CrmId, h.Deal.CrmUrl?.AbsoluteUri);
        return m;
    }

    private static CardModel Escalation(EscalationNotification n, ChatPlatform p)
    {
        var h = n.Handoff;
        var m = For("escalation", $"🚨 Escalation · {h.Deal.AccountName}", h);
        m.Accent = "attention";
        m.Text = n.Reason is { } reason
            ? $"{Formats.Person(n.OwnerEmail)} {reason}: {n.Stage.Display()} is yours now."
            : $"{n.Stage.Display()} was due {Formats.When(n.DueAt)} and {Formats.Person(n.OwnerEmail)} has not acted.";
        m.Fact("Stage", n.Stage.Display()).Fact("Owner", Formats.Person(n.OwnerEmail)).Fact("Was due", Formats.When(n.DueAt)).Fact("CRM", h.Deal.CrmId, h.Deal.CrmUrl?.AbsoluteUri);
        m.Actions.Add(new CardAction("Nudge", ActionVerbs.SlaNudge, h.Id, Style: "positive"));
        if (p == ChatPlatform.Teams)
        {
            m.Inputs.Add(new CardInput("text", ActionInputs.NewOwner, "Reassign to (email)") { Placeholder = "name@example.com", MaxLength = 320 });
            m.Inputs.Add(new CardInput("text", ActionInputs.Comment, "Why (optional)") { MaxLength = 500 });
            m.Actions.Add(new CardAction("Reassign", ActionVerbs.SlaReassign, h.Id));
        }
        else
        {
            m.Actions.Add(new CardAction("Reassign…", "open." + SlackModals.Reassign, h.Id));
        }

        m.Actions.Add(new CardAction("Snooze 1 day", ActionVerbs.SlaSnooze, h.Id));
        return m;
    }

    private static CardModel InternalHandoff(Handoff h, ChatPlatform p)
    {
        var m = For("internal-handoff", $"🤝 Internal handoff · {h.Deal.AccountName}", h);
        m.Text = "CS accepted. Meet (or do a quick async Q&A) so the CSM hears the deal first-hand, then both confirm.";
        m.Fact("AE", h.Deal.AeEmail).Fact("CSM", h.Deal.CsmEmail)
            .Fact("AE confirmed", h.AeSyncedAt is { } a ? Formats.When(a) : "not yet")
            .Fact("CSM confirmed", h.CsmSyncedAt is { } c ? Formats.When(c) : "not yet");
        var open = m.Section("Open questions");
        foreach (var q in h.Questions.Where(q => q.IsOpen).Take(10))
        {
            open.Line(q.Text, $"asked by {Formats.Person(q.AskedBy)}");
        }

        if (p == ChatPlatform.Teams)
        {
            m.Inputs.Add(new CardInput("choice", ActionInputs.SyncMode, "How did you sync?")
            {
                Value = "meeting",
                Choices = [new Choice("Meeting", "meeting"), new Choice("Async Q&A", "async")],
            });
            m.Actions.Add(new CardAction("We synced", ActionVerbs.SyncConfirm, h.Id, Style: "positive"));
        }
        else
        {
            // Slack buttons carry no inputs: the sync mode rides in the item.
            m.Actions.Add(new CardAction("We met", ActionVerbs.SyncConfirm, h.Id, "meeting", "primary"));
            m.Actions.Add(new CardAction("Async Q&A done", ActionVerbs.SyncConfirm, h.Id, "async"));
        }

        return m;
    }

    private static CardModel WarmIntro(WarmIntroNotification n, ChatPlatform p)
    {
        var h = n.Handoff;
        var m = For("warm-intro", $"👋 Warm introduction · {h.Deal.AccountName}", h);
        m.Text = $"{h.Deal.AeEmail}: introduce {h.Deal.CsmEmail ?? "the CSM"} to the customer. A draft you can copy:";
        m.Section("Subject").Line(n.Draft.Subject);
        m.Section("Email").Line(n.Draft.Body);
        var slots = m.Section("Proposed kickoff slots");
        foreach (var slot in n.KickoffSlots.Take(6))
        {
            slots.Line(Formats.When(slot));
        }

        m.Actions.Add(new CardAction("Intro sent", ActionVerbs.IntroSent, h.Id, Style: "positive"));
        if (p == ChatPlatform.Teams)
        {
            m.Inputs.Add(new CardInput("date", ActionInputs.KickoffDate, "Kickoff booked for"));
            m.Actions.Add(new CardAction("Kickoff booked", ActionVerbs.KickoffBooked, h.Id));
        }
        else
        {
            m.Actions.Add(new CardAction("Kickoff booked…", "open." + SlackModals.Kickoff, h.Id));
        }

        if (n.IcsUrl is { Length: > 0 } ics)
        {
            m.Actions.Add(CardAction.Link("Calendar invite", ics));
        }

        return m;
    }

    private static CardModel Poll(PollNotification n, ChatPlatform p)
    {
        var h = n.Handoff;
        var m = For("poll", $"📋 {n.DayOffset}-day check · {h.Deal.AccountName}", h);
        m.Text = n.IsReminder ? "Still open — four quick questions, under a minute." : "Four quick questions, under a minute. Your answers go to the sales leaders' digest.";
        if (p == ChatPlatform.Teams)
        {
            m.Inputs.AddRange(PollInputs());
            m.Actions.Add(new CardAction("Send", ActionVerbs.PollAnswer, h.Id, n.DayOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), "positive"));
        }
        else
        {
            m.Actions.Add(new CardAction("Answer…", "open." + SlackModals.Poll, h.Id, n.DayOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), "primary"));
        }

        return m;
    }

    public static IEnumerable<CardInput> PollInputs() =>
    [
        new CardInput("choice", ActionInputs.PollMatch, "Did the deal match what was sold?") { Choices = Formats.Choices<DealMatch>(), Optional = false },
        new CardInput("choice", ActionInputs.PollExpectations, "Were expectations realistic? (1–5)") { Choices = [.. Enumerable.Range(1, 5).Select(i => new Choice(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture)))], Optional = false },
        new CardInput("date", ActionInputs.PollFirstValue, "First value reached on (if it was)"),
        new CardInput("choice", ActionInputs.PollChurnRisk, "Churn risk") { Choices = Formats.Choices<Severity>(), Optional = false },
        new CardInput("text", ActionInputs.PollComment, "Anything else?") { Multiline = true, MaxLength = 1000 },
    ];

    private static CardModel PollThanks(PollThanksNotification n)
    {
        var a = n.Answer;
        var m = For("poll-thanks", $"Thanks · {n.Handoff.Deal.AccountName}", n.Handoff);
        m.Accent = "good";
        m.Text = $"Your {a.DayOffset}-day answer is recorded and goes into the next digest." + (a.MatchedWhatWasSold != DealMatch.Yes ? " The AE and their manager will hear that the deal did not fully match." : "");
        AnswerFacts(m, a);
        return m;
    }

    private static CardModel PollAlert(PollAlertNotification n)
    {
        var a = n.Answer;
        var m = For("poll-alert", $"⚠️ Deal mismatch · {n.Handoff.Deal.AccountName}", n.Handoff);
        m.Accent = "attention";
        m.Text = $"{Formats.Person(a.By)} says the deal matched what was sold: {Formats.Words(a.MatchedWhatWasSold).ToLowerInvariant()}.";
        AnswerFacts(m, a);
        return m;
    }

    private static void AnswerFacts(CardModel m, Core.Handoffs.PollAnswer a)
    {
        m.Fact("Matched what was sold", Formats.Words(a.MatchedWhatWasSold))
            .Fact("Expectations realistic", $"{a.ExpectationsRealistic}/5")
            .Fact("First value", a.FirstValueOn is { } d ? Formats.Date(d) : "not yet")
            .Fact("Churn risk", Formats.Words(a.ChurnRisk));
        if (a.Comment is { Length: > 0 } comment)
        {
            m.Section("Comment").Line(comment);
        }
    }

    public static CardModel Digest(DigestReport r)
    {
        var m = new CardModel("digest", $"📊 Handoff digest · {Formats.Date(r.From)} – {Formats.Date(r.To)}") { Accent = "accent" };
        m.Fact("Handoffs", r.HandoffCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Fact("SLA breaches", r.Breaches.ToString(System.Globalization.CultureInfo.InvariantCulture));
        m.ImageUrl = r.ChartUrl ?? "";
        m.ImageAlt = "Median business days per stage by segment";
        Rows(m, "Median days per stage", r.Medians);
        Rows(m, "SLA breaches", r.BreachRows);
        Rows(m, "Post-sale polls", r.PollRows);
        Rows(m, "Rejection reasons", r.RejectionReasons);
        Rows(m, "Churn flags", r.ChurnFlags);
        return m;
    }

    private static void Rows(CardModel m, string heading, IReadOnlyList<DigestRow> rows)
    {
        var section = m.Section(heading);
        foreach (var row in rows.Take(10))
        {
            section.Fact(row.Label, row.Note is { Length: > 0 } note ? $"{row.Value} · {note}" : row.Value);
        }

        if (rows.Count > 10)
        {
            section.Line($"… and {rows.Count - 10} more");
        }
    }
}
