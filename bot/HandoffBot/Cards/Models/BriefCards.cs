using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Cards.Models;

/// <summary>The brief (CS channel, "status") and the AE's context request, with the AI's suggestions and their evidence.</summary>
public static class BriefCards
{
    public static CardModel Brief(Handoff h, Completeness completeness, ChatPlatform platform, DateTimeOffset now)
    {
        var m = new CardModel("brief", $"Handoff brief · {h.Deal.AccountName}")
        {
            Subtitle = Subtitle(h),
            RecordUrl = h.Deal.CrmUrl?.AbsoluteUri ?? "",
        };
        var rejection = h.Rejections.LastOrDefault();
        var reassigned = h.Audit.LastOrDefault(a => a.Event == "owner.changed" && a.At >= h.StageEnteredAt);
        if (h.IsAccepted)
        {
            m.Accent = "good";
            m.Banner = $"✅ Accepted by {Formats.Person(h.AcceptedBy ?? "")} on {Formats.When(h.AcceptedAt!.Value)}";
        }
        else if (h.Stage == Stage.ContextCapture && rejection is not null)
        {
            m.Accent = "attention";
            m.BannerColor = "Attention";
            m.Banner = $"↩️ Rejected by {Formats.Person(rejection.By)} ({Formats.Words(rejection.Reason).ToLowerInvariant()}): {rejection.Comment}";
        }
        else if (h.Stage == Stage.CsReview)
        {
            m.Accent = "warning";
            m.BannerColor = "Warning";
            m.Banner = "⏳ Waiting for CS to accept";
        }
        else
        {
            m.BannerColor = "Default";
            m.Banner = $"{h.Stage.Display()}";
        }

        if (reassigned is not null && !h.IsAccepted)
        {
            m.Banner += $" · reassigned to {Formats.Person(h.Owner.Email)}";
        }

        m.Fact("Stage", h.Stage.Display())
            .Fact("Owner", $"{Formats.Person(h.Owner.Email)} ({Formats.Role(h.Owner.Role)})")
            .Fact("Due", Formats.Clock(h.DueAt, now))
            .Fact("Completeness", Formats.Meter(completeness.Score) + (completeness.Missing.Count > 0 ? $" · missing {string.Join(", ", completeness.Missing.Select(f => f.Label().ToLowerInvariant()))}" : ""))
            .Fact("AE", h.Deal.AeEmail)
            .Fact("CSM", h.Deal.CsmEmail ?? "not assigned yet")
            .Fact("Target go-live", h.Context.TargetGoLive is { } go ? Formats.Date(go) : null)
            .Fact("Expansion", h.Context.ExpansionPotential)
            .Fact("CRM", h.Deal.CrmId, h.Deal.CrmUrl?.AbsoluteUri);
        AddContext(m, h);
        var open = h.Questions.Where(q => q.IsOpen).ToList();
        var questions = m.Section("Questions to the AE");
        foreach (var q in h.Questions.TakeLast(5))
        {
            questions.Line(q.Text, q.Answer is { } a ? $"{Formats.Person(q.AnsweredBy ?? "")}: {a}" : $"asked by {Formats.Person(q.AskedBy)} — waiting for an answer");
        }

        if (h.Stage == Stage.CsReview)
        {
            m.Actions.Add(new CardAction("Accept", ActionVerbs.BriefAccept, h.Id, Style: "positive"));
            if (platform == ChatPlatform.Slack)
            {
                m.Actions.Add(new CardAction("Reject…", "open." + SlackModals.Reject, h.Id, Style: "danger"));
                m.Actions.Add(new CardAction("Ask the AE…", "open." + SlackModals.Ask, h.Id));
            }
            else
            {
                // Accept is the one obvious action; Reject and Ask open their own small forms.
                m.Forms.Add(new CardForm(
                    "Reject…",
                    [
                        new CardInput("choice", ActionInputs.Reason, "Reason") { Choices = Formats.Choices<RejectionReason>(), Placeholder = "Choose a reason", Optional = false },
                        new CardInput("text", ActionInputs.Comment, "What should the AE fix?") { Multiline = true, MaxLength = 1000 },
                    ],
                    [new CardAction("Reject", ActionVerbs.BriefReject, h.Id, Style: "destructive")]));
                m.Forms.Add(new CardForm(
                    "Ask the AE…",
                    [new CardInput("text", ActionInputs.Question, "Question for the AE") { Multiline = true, MaxLength = 1000, Optional = false }],
                    [new CardAction("Send question", ActionVerbs.BriefAsk, h.Id)]));
            }
        }
        else if (open.Count > 0)
        {
            m.Footer = $"{open.Count} question(s) still open.";
        }

        if (h.Deal.CrmUrl is { } crm)
        {
            m.Actions.Add(CardAction.Link("Open in CRM", crm.AbsoluteUri));
        }

        return m;
    }

    public static CardModel ContextRequest(Handoff h, Completeness completeness, ChatPlatform platform, CardState state)
    {
        var m = new CardModel("context-request", $"Deal context for {h.Deal.AccountName}")
        {
            Subtitle = Subtitle(h),
            RecordUrl = h.Deal.CrmUrl?.AbsoluteUri ?? "",
            Text = completeness.IsComplete
                ? "Everything CS needs is there. Check it and send it to CS."
                : $"CS needs {completeness.Missing.Count} more {(completeness.Missing.Count == 1 ? "field" : "fields")} before the handoff. Accept the suggestions below or fill the fields in.",
        };
        m.Fact("Completeness", Formats.Meter(completeness.Score))
            .Fact("Missing", completeness.Missing.Count > 0 ? string.Join(", ", completeness.Missing.Select(f => f.Label())) : "nothing")
            .Fact("CSM", h.Deal.CsmEmail ?? "not assigned yet")
            .Fact("CRM", h.Deal.CrmId, h.Deal.CrmUrl?.AbsoluteUri);
        if (h.Rejections.LastOrDefault() is { } rejection && h.Stage == Stage.ContextCapture)
        {
            m.Banner = $"↩️ CS sent this back ({Formats.Words(rejection.Reason).ToLowerInvariant()}): {rejection.Comment}";
            m.BannerColor = "Attention";
        }

        AddSuggestions(m, h);
        if (platform == ChatPlatform.Teams)
        {
            m.Inputs.AddRange(ContextForm.Inputs(h, state, new HashSet<ContextField>(completeness.Missing)));
            m.Actions.Add(new CardAction("Send to CS", ActionVerbs.ContextSubmit, h.Id, Style: "positive"));
            m.Actions.Add(new CardAction("Save", ActionVerbs.ContextSave, h.Id));
        }
        else
        {
            m.Actions.Add(new CardAction("Fill in…", "open." + SlackModals.Context, h.Id, Style: "primary"));
            m.Actions.Add(new CardAction("Send to CS", ActionVerbs.ContextSubmit, h.Id));
        }

        return m;
    }

    private static string Subtitle(Handoff h) =>
        $"{Formats.Money(h.Deal.Arr, h.Deal.Currency)} ARR · {h.Deal.Segment ?? h.Segment} · closed {Formats.Date(h.Deal.CloseDate)}";

    /// <summary>The context, each item with the evidence of the suggestion it came from (when it did).</summary>
    private static void AddContext(CardModel m, Handoff h)
    {
        var c = h.Context;
        var d = h.Draft;
        string Ev<T>(IEnumerable<Drafted<T>>? items, T value) =>
            items?.FirstOrDefault(x => Equals(x.Value, value)) is { } hit ? Formats.Evidence(hit.Evidence, h) : "";

        Add(m.Section("What was sold"), c.WhatWasSold.Select(x => (Formats.Sold(x), "")), c, ContextField.WhatWasSold);
        Add(m.Section("Commitments"), c.Commitments.Select(x => (Formats.Commitment(x), Ev(d?.Commitments, x))), c, ContextField.Commitments);
        Add(m.Section("Goals"), c.Goals.Select(x => (x, Ev(d?.Goals, x))), c, ContextField.Goals);
        Add(m.Section("Success criteria"), c.SuccessCriteria.Select(x => (x, Ev(d?.SuccessCriteria, x))), c, ContextField.SuccessCriteria);
        Add(m.Section("Stakeholders"), c.Stakeholders.Select(x => (Formats.Stakeholder(x), Ev(d?.Stakeholders, x))), c, ContextField.Stakeholders);
        Add(m.Section("Risks"), c.Risks.OrderByDescending(r => r.Severity).Select(x => (Formats.Risk(x), Ev(d?.Risks, x))), c, ContextField.Risks);
        Add(m.Section("Special terms"), c.SpecialTerms.Select(x => (Formats.Term(x), Ev(d?.SpecialTerms, x))), c, ContextField.SpecialTerms);
    }

    private static void Add(Section section, IEnumerable<(string Text, string Evidence)> lines, DealContext c, ContextField field)
    {
        foreach (var (text, evidence) in lines.Take(12))
        {
            section.Line(text, evidence);
        }

        if (section.Lines.Count == 0)
        {
            section.Line(c.ConfirmedNone.Contains(field) ? "None (confirmed by the AE)" : "Not given yet");
        }
    }

    /// <summary>Open suggestions get Accept; accepted ones get Undo (which takes the value back out).</summary>
    private static void AddSuggestions(CardModel m, Handoff h)
    {
        if (h.Draft is not { } d)
        {
            return;
        }

        void Add<T>(string heading, IEnumerable<Drafted<T>> items, Func<T, string> text)
        {
            var section = m.Section("Suggested " + heading);
            foreach (var item in items)
            {
                var decision = h.DraftDecisions.TryGetValue(item.Id, out var x) ? x : (DraftDecision?)null;
                if (decision == DraftDecision.Discarded)
                {
                    continue;
                }

                var action = decision == DraftDecision.Accepted
                    ? new CardAction("Undo", ActionVerbs.DraftDiscard, h.Id, item.Id)
                    : new CardAction("Accept", ActionVerbs.DraftAccept, h.Id, item.Id);
                var prefix = decision == DraftDecision.Accepted ? "✓ " : "";
                section.Line(prefix + text(item.Value), Formats.Evidence(item.Evidence, h), action);
            }
        }

        Add("commitments", d.Commitments, Formats.Commitment);
        Add("goals", d.Goals, x => x);
        Add("success criteria", d.SuccessCriteria, x => x);
        Add("stakeholders", d.Stakeholders, Formats.Stakeholder);
        Add("risks", d.Risks, Formats.Risk);
        Add("special terms", d.SpecialTerms, Formats.Term);
    }
}
