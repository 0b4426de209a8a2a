using HandoffBot.Core.Brief;

namespace HandoffBot.Core.Handoffs;

public sealed partial class Handoff
{
    /// <summary>Attaches a (new) AI draft. Earlier decisions are kept for items whose ids remain.</summary>
    public void AttachDraft(BriefDraft draft, IStageClock clock)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Draft = draft;
        Record(clock.Now, Actor.SystemEmail, new BriefDrafted(),
            $"{draft.Count} suggestion(s) by {draft.Extractor}; {draft.DroppedUngrounded} dropped without evidence; {draft.SourceErrors.Count} unreadable source(s).");
    }

    /// <summary>
    /// The AE accepts (optionally edited) or discards one suggestion. Accepting adds the value to the
    /// deal context; the AI never fills a field without this.
    /// </summary>
    public void DecideDraftItem(string itemId, DraftDecision decision, Actor actor, IStageClock clock, DealContext? edited = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(itemId);
        RequireStage("act on a suggestion", Stage.ContextCapture, Stage.CsReview);
        RequireAeSide(actor, "act on a suggestion");
        if (Draft is null || !DraftIds(Draft).Contains(itemId))
        {
            throw new HandoffRuleException("no-such-suggestion", $"There is no suggestion {itemId} on this handoff.");
        }

        var hadEarlier = draftDecisions.TryGetValue(itemId, out var earlier);
        if (hadEarlier && earlier == decision)
        {
            return;
        }

        // Discarding a suggestion that was accepted earlier takes its value back out of the context.
        var context = decision == DraftDecision.Accepted
            ? edited ?? WithDraftItem(Context, Draft, itemId)
            : earlier == DraftDecision.Accepted ? WithoutDraftItem(Context, Draft, itemId) : Context;
        draftDecisions[itemId] = decision;
        Record(clock.Now, actor.Email, new BriefDecided(itemId, decision), $"Suggestion {itemId} {decision.ToString().ToLowerInvariant()}.");
        if (!ReferenceEquals(context, Context))
        {
            UpdateContext(context, actor, clock);
        }
    }

    private static HashSet<string> DraftIds(BriefDraft d) =>
    [
        .. d.Commitments.Select(x => x.Id), .. d.Goals.Select(x => x.Id), .. d.SuccessCriteria.Select(x => x.Id),
        .. d.Stakeholders.Select(x => x.Id), .. d.Risks.Select(x => x.Id), .. d.SpecialTerms.Select(x => x.Id),
    ];

    private static DealContext WithoutDraftItem(DealContext c, BriefDraft d, string id)
    {
        static IReadOnlyList<T> Remove<T>(IReadOnlyList<T> list, IEnumerable<Drafted<T>> items, string id) =>
            items.FirstOrDefault(x => x.Id == id) is { } hit && list.Contains(hit.Value) ? [.. list.Where(v => !Equals(v, hit.Value))] : list;

        return c with
        {
            Commitments = Remove(c.Commitments, d.Commitments, id),
            Goals = Remove(c.Goals, d.Goals, id),
            SuccessCriteria = Remove(c.SuccessCriteria, d.SuccessCriteria, id),
            Stakeholders = Remove(c.Stakeholders, d.Stakeholders, id),
            Risks = Remove(c.Risks, d.Risks, id),
            SpecialTerms = Remove(c.SpecialTerms, d.SpecialTerms, id),
        };
    }

    private static DealContext WithDraftItem(DealContext c, BriefDraft d, string id)
    {
        static IReadOnlyList<T> Add<T>(IReadOnlyList<T> list, IEnumerable<Drafted<T>> items, string id) =>
            items.FirstOrDefault(x => x.Id == id) is { } hit && !list.Contains(hit.Value) ? [.. list, hit.Value] : list;

        return c with
        {
            Commitments = Add(c.Commitments, d.Commitments, id),
            Goals = Add(c.Goals, d.Goals, id),
            SuccessCriteria = Add(c.SuccessCriteria, d.SuccessCriteria, id),
            Stakeholders = Add(c.Stakeholders, d.Stakeholders, id),
            Risks = Add(c.Risks, d.Risks, id),
            SpecialTerms = Add(c.SpecialTerms, d.SpecialTerms, id),
        };
    }
}
