using HandoffBot.Cards.Models;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Cards.Data;

/// <summary>The data of the brief (CS channel, "status") and of the AE's context request.</summary>
public static class BriefBuilder
{
    public static BriefData Brief(CardContext ctx, Handoff h, Completeness completeness, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        var rejection = h.Rejections.LastOrDefault();
        var state = h.IsAccepted ? "accepted"
            : h.Stage == Stage.ContextCapture && rejection is not null ? "rejected"
            : h.Stage == Stage.CsReview ? "waiting"
            : "other";
        var reassigned = !h.IsAccepted && h.Audit.Any(a => a.Change is OwnerChanged && a.At >= h.StageEnteredAt);
        return new BriefData(
            summary,
            Pieces.Deal(ctx, h),
            state,
            Pieces.Clock(ctx, h),
            ctx.Person(h.Deal.AeEmail, "AE"),
            Csm(ctx, h),
            Pieces.Completeness(completeness),
            h.AcceptedAt is { } at ? new AcceptedData(ctx.Person(h.AcceptedBy, "CSM"), ctx.Time(at)) : null,
            state == "rejected" ? Rejected(ctx, rejection!) : null,
            reassigned ? ctx.Person(h.Owner.Email, Formats.Role(h.Owner.Role)) : null,
            Pieces.Context(ctx, h),
            [.. h.Questions.TakeLast(5).Select(q => Pieces.Question(ctx, q))],
            h.Questions.Count(q => q.IsOpen),
            ctx.State.ShowActions && Audience.MayAct(new BriefNotification(h, completeness), ctx.ReaderActor),
            MayActLine(ctx, h),
            Pieces.Choices<RejectionReason>(),
            ctx.Notice());
    }

    public static ContextRequestData ContextRequest(CardContext ctx, Handoff h, Completeness completeness, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(completeness);
        ctx.RecordUrl = CardContext.Url(h.Deal.CrmUrl);
        var canAct = ctx.State.ShowActions && Audience.MayAct(new ContextRequestNotification(h, completeness), ctx.ReaderActor);
        var suggestions = Suggestions(ctx, h);
        var inputs = ctx.Teams && canAct
            ? ContextForm.Inputs(h, ctx.State, new HashSet<ContextField>(completeness.Missing)).Select(i => Input(ctx, i)).ToList()
            : [];
        return new ContextRequestData(
            summary,
            Pieces.Deal(ctx, h),
            ctx.Person(h.Routing.AeOwnerEmail, "AE"),
            Csm(ctx, h),
            Pieces.Clock(ctx, h),
            Pieces.Completeness(completeness),
            h.Stage == Stage.ContextCapture && h.Rejections.LastOrDefault() is { } r ? Rejected(ctx, r) : null,
            suggestions,
            suggestions.Commitments.Count + suggestions.Goals.Count + suggestions.SuccessCriteria.Count + suggestions.Stakeholders.Count + suggestions.Risks.Count + suggestions.SpecialTerms.Count,
            canAct,
            inputs,
            ctx.Notice(errorsLead: !ctx.Teams || !canAct));
    }

    /// <summary>A form input for a Teams card: values as typed (plain), the check's message as text.</summary>
    public static InputData Input(CardContext ctx, CardInput i)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(i);
        return new InputData(
            i.Kind,
            i.Id,
            TextSafety.Plain(i.Label, 200),
            TextSafety.Plain(i.Value, i.MaxLength > 0 ? i.MaxLength : 4000),
            TextSafety.Plain(i.Placeholder.Length == 0 && i.Kind == "choice" ? "Choose…" : i.Placeholder, 200),
            ctx.Md(i.Error, 300),
            i.Multiline,
            i.MaxLength,
            i.Kind == "heading" ? "Large" : "Small",
            i.Separator,
            [.. i.Choices.Select(c => new ChoiceData(TextSafety.Plain(c.Title, 100), c.Value))]);
    }

    public static RejectedData Rejected(CardContext ctx, Rejection r)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        return new RejectedData(ctx.Person(r.By, "CSM"), ctx.Time(r.At), Formats.Words(r.Reason).ToLowerInvariant(), ctx.Md(r.Comment, 1000));
    }

    public static PersonData Csm(CardContext ctx, Handoff h)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(h);
        return h.Deal.CsmEmail is { } csm ? ctx.Person(csm, "CSM") : new PersonData("", "", "CSM", false, false, "not assigned yet");
    }

    /// <summary>"Casey Lin (CSM) or Jordan Patel (CS lead)": who may accept the brief.</summary>
    private static string MayActLine(CardContext ctx, Handoff h)
    {
        var names = new List<string>();
        foreach (var (email, role) in new[] { (h.Deal.CsmEmail, "CSM"), (h.Routing.CsLeadEmail, "CS lead"), (h.Owner.Email, Formats.Role(h.Owner.Role)) })
        {
            if (email is null || email == Core.Handoffs.Actor.SystemEmail)
            {
                continue;
            }

            var person = ctx.Person(email);
            var text = $"{person.Label} ({role})";
            if (!names.Any(n => n.StartsWith(person.Label + " (", StringComparison.Ordinal)))
            {
                names.Add(text);
            }
        }

        return names.Count switch
        {
            0 => "",
            1 => names[0],
            _ => string.Join(", ", names[..^1]) + " or " + names[^1],
        };
    }

    /// <summary>Open suggestions (Accept) and accepted ones (Undo), each with its evidence; discarded ones are gone.</summary>
    private static SuggestionsData Suggestions(CardContext ctx, Handoff h)
    {
        IReadOnlyList<SuggestionData> Of<T>(IEnumerable<Drafted<T>>? items, Func<T, string> text) =>
        [
            .. (items ?? []).Select(item => (item, decision: h.DraftDecisions.TryGetValue(item.Id, out var x) ? x : (DraftDecision?)null))
                .Where(x => x.decision != DraftDecision.Discarded)
                .Select(x => new SuggestionData(x.item.Id, ctx.Md(text(x.item.Value), 1000), Pieces.Evidence(ctx, x.item.Evidence, h), x.decision == DraftDecision.Accepted)),
        ];

        var d = h.Draft;
        return new SuggestionsData(
            Of(d?.Commitments, c => Pieces.Commitment(ctx, c)),
            Of(d?.Goals, x => x),
            Of(d?.SuccessCriteria, x => x),
            Of(d?.Stakeholders, Formats.Stakeholder),
            Of(d?.Risks, Formats.Risk),
            Of(d?.SpecialTerms, Formats.Term));
    }
}
