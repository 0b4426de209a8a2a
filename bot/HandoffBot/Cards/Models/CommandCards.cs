using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>Answers to chat commands, the error card and the Slack modals.</summary>
public static class CommandCards
{
    public static CardModel Build(ChatCommandResult result, ChatPlatform p, DateTimeOffset now) => result switch
    {
        HelpResult x => Help(x),
        HandoffListResult x => List(x, now),
        StatusResult x => BriefCards.Brief(x.Handoff, x.Completeness, p, now) is var m ? Renamed(m, "status") : null!,
        OwnerResult x => Owner(x, now),
        NoMatchResult x => NoMatch(x, now),
        ReassignCommandResult x => Message("reassign", x.Result.Status == ReassignStatus.Reassigned ? "Reassigned" : "Reassign", x.Result.Message, x.Result.Status is ReassignStatus.Reassigned or ReassignStatus.Unchanged),
        DigestCommandResult { Result.Report: { } report } => Renamed(NotificationCards.Digest(report), "digest"),
        DigestCommandResult x => Message("digest", "Digest", x.Result.Message, ok: false),
        _ => Help(new HelpResult()),
    };

    public static CardModel Error(string message) =>
        new("error", "Sorry — that did not work") { Accent = "attention", Text = message };

    private static CardModel Renamed(CardModel m, string name)
    {
        var copy = new CardModel(name, m.Title)
        {
            Subtitle = m.Subtitle,
            Accent = m.Accent,
            Banner = m.Banner,
            BannerColor = m.BannerColor,
            Text = m.Text,
            ImageUrl = m.ImageUrl,
            ImageAlt = m.ImageAlt,
            Footer = m.Footer,
            RecordUrl = m.RecordUrl,
        };
        copy.Facts.AddRange(m.Facts);
        copy.Sections.AddRange(m.Sections);
        copy.Inputs.AddRange(m.Inputs);
        copy.Actions.AddRange(m.Actions);
        return copy;
    }

    private static CardModel Message(string name, string title, string text, bool ok) =>
        new(name, title) { Text = text, Accent = ok ? "good" : "warning" };

    private static CardModel Help(HelpResult r)
    {
        var m = new CardModel("help", "HandoffBot — what you can ask")
        {
            Accent = r.Problem is null ? "accent" : "warning",
            Banner = r.Problem ?? "",
            BannerColor = "Warning",
        };
        m.Section("Commands")
            .Line("my handoffs", "what you own or are AE/CSM on, open ones first")
            .Line("status <account>", "one handoff in detail: stage, owner, clock, brief")
            .Line("who owns <account>", "the one accountable owner right now")
            .Line("reassign <account> <email>", "CS leads and RevOps: hand the current stage on")
            .Line("digest", "sales leaders: the last seven days")
            .Line("help", "this card");
        m.Footer = "An account is found by its name, a unique part of it, its CRM id or its HO- id.";
        return m;
    }

    private static CardModel List(HandoffListResult r, DateTimeOffset now)
    {
        var m = new CardModel("my-handoffs", "Your handoffs") { Accent = "accent" };
        if (r.Handoffs.Count == 0)
        {
            m.Text = "You have no handoffs right now.";
        }

        var section = m.Section($"{r.Handoffs.Count} handoff(s)");
        foreach (var line in r.Handoffs.Take(20))
        {
            section.Line(Line(line), Detail(line, now));
        }

        if (r.Truncated || r.Handoffs.Count > 20)
        {
            m.Footer = "Showing the first ones; ask \"status <account>\" for any other.";
        }

        return m;
    }

    private static CardModel Owner(OwnerResult r, DateTimeOffset now)
    {
        var h = r.Handoff;
        var m = new CardModel("who-owns", $"Who owns {h.Deal.AccountName}") { RecordUrl = h.Deal.CrmUrl?.AbsoluteUri ?? "" };
        m.Text = $"{r.OwnerName} owns {h.Stage.Display()}.";
        m.Fact("Owner", $"{r.OwnerName} ({Formats.Person(h.Owner.Email)})")
            .Fact("Role", Formats.Role(h.Owner.Role))
            .Fact("Since", Formats.When(h.Owner.Since))
            .Fact("Due", Formats.Clock(h.DueAt, now))
            .Fact("Customer success", h.Deal.CsmEmail is { } csm ? Formats.Person(csm) : "no CSM assigned yet")
            .Fact("Sales", Formats.Person(h.Deal.AeEmail));
        return m;
    }

    private static CardModel NoMatch(NoMatchResult r, DateTimeOffset now)
    {
        var m = new CardModel("no-match", r.Candidates.Count > 0 ? "Which one?" : "No match") { Accent = "warning" };
        m.Text = r.Candidates.Count > 0
            ? $"Several handoffs match \"{r.Query}\". Say which one (the HO- id works)."
            : $"No handoff matches \"{r.Query}\".";
        var section = m.Section("Candidates");
        foreach (var line in r.Candidates.Take(10))
        {
            section.Line(Line(line), Detail(line, now));
        }

        return m;
    }

    private static string Line(HandoffLine l) => $"{l.AccountName} ({l.Id}) — {l.Stage.Display()}";

    private static string Detail(HandoffLine l, DateTimeOffset now) =>
        $"owner {l.OwnerName} · {(l.DueAt is { } due ? "due " + Formats.Clock(due, now) : "no clock")}{(l.Overdue ? " · overdue" : "")} · {l.Completeness}% complete";

    /// <summary>A Slack modal's model: the inputs it asks for, its title and submit label.</summary>
    public static (CardModel Model, string CallbackId, string Item, string Submit) Modal(string modal, Handoff h, CardState state)
    {
        var item = state.Values?.GetValueOrDefault("item") ?? "";
        var errors = (state.Errors ?? []).ToDictionary(e => e.Field, e => e.Message, StringComparer.Ordinal);
        CardInput Fill(CardInput i) => i with
        {
            Value = state.Values?.GetValueOrDefault(i.Id) ?? i.Value,
            Error = errors.GetValueOrDefault(i.Id) ?? i.Error,
        };

        var m = new CardModel("modal-" + modal, h.Deal.AccountName) { Banner = state.Banner ?? "", RecordUrl = h.Deal.CrmUrl?.AbsoluteUri ?? "" };
        (string Verb, string Submit) route;
        switch (modal)
        {
            case SlackModals.Reject:
                m.Title = "Reject handoff";
                m.Text = $"*{h.Deal.AccountName}* goes back to the AE with your reason.";
                m.Inputs.Add(new CardInput("choice", ActionInputs.Reason, "Reason") { Choices = Formats.Choices<RejectionReason>(), Optional = false });
                m.Inputs.Add(new CardInput("text", ActionInputs.Comment, "What is missing or wrong?") { Multiline = true, MaxLength = 1000, Optional = false });
                route = (ActionVerbs.BriefReject, "Reject");
                break;
            case SlackModals.Ask:
                m.Title = "Ask the AE";
                m.Text = $"Your question goes to the AE of *{h.Deal.AccountName}*; the answer comes back to the brief's thread.";
                m.Inputs.Add(new CardInput("text", ActionInputs.Question, "Question") { Multiline = true, MaxLength = 1000, Optional = false });
                route = (ActionVerbs.BriefAsk, "Ask");
                break;
            case SlackModals.Answer:
                m.Title = "Answer CS";
                m.Text = h.Questions.FirstOrDefault(q => q.Id == item)?.Text ?? "";
                m.Inputs.Add(new CardInput("text", ActionInputs.Answer, "Your answer") { Multiline = true, MaxLength = 2000, Optional = false });
                route = (ActionVerbs.QuestionAnswer, "Send");
                break;
            case SlackModals.Reassign:
                m.Title = "Reassign";
                m.Text = $"{h.Stage.Display()} of *{h.Deal.AccountName}* is owned by {Formats.Person(h.Owner.Email)}.";
                m.Inputs.Add(new CardInput("text", ActionInputs.NewOwner, "New owner (email)") { Placeholder = "name@example.com", MaxLength = 320, Optional = false });
                m.Inputs.Add(new CardInput("text", ActionInputs.Comment, "Why") { MaxLength = 500 });
                route = (ActionVerbs.SlaReassign, "Reassign");
                break;
            case SlackModals.Kickoff:
                m.Title = "Kickoff booked";
                m.Inputs.Add(new CardInput("date", ActionInputs.KickoffDate, "Kickoff date") { Optional = false });
                route = (ActionVerbs.KickoffBooked, "Save");
                break;
            case SlackModals.Poll:
                m.Title = $"{item}-day check";
                m.Text = $"*{h.Deal.AccountName}*: four quick questions.";
                m.Inputs.AddRange(NotificationCards.PollInputs());
                route = (ActionVerbs.PollAnswer, "Send");
                break;
            case SlackModals.Context:
                m.Title = "Deal context";
                m.Text = $"*{h.Deal.AccountName}* — one item per line; rows left blank are ignored.";
                m.Inputs.AddRange(ContextForm.Inputs(h, state));
                route = (ActionVerbs.ContextSave, "Save");
                break;
            default:
                throw new ArgumentException($"No Slack modal named '{modal}'.", nameof(modal));
        }

        for (var i = 0; i < m.Inputs.Count; i++)
        {
            m.Inputs[i] = Fill(m.Inputs[i]);
        }

        return (m, route.Verb, item, route.Submit);
    }
}
