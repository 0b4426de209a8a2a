using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;

namespace HandoffBot.Core.Handoffs;

public sealed partial class Handoff
{
    /// <summary>Attaches a (new) AI draft. Earlier decisions are kept for items whose ids remain.</summary>
    public void AttachDraft(BriefDraft draft, IStageClock clock)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Draft = draft;
        Record(clock.Now, Actor.SystemEmail, "brief.drafted",
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
        Record(clock.Now, actor.Email, "brief.decided", $"Suggestion {itemId} {decision.ToString().ToLowerInvariant()}.",
            new Dictionary<string, string> { ["item"] = itemId, ["decision"] = decision.ToString() });
        if (!ReferenceEquals(context, Context))
        {
            UpdateContext(context, actor, clock);
        }
    }

    private static HashSet<string> DraftIds(BriefDraft d) => [.. ContextGrammar.Drafted.SelectMany(f => f.DraftIds(d))];

    private static DealContext WithoutDraftItem(DealContext c, BriefDraft d, string id) =>
        ContextGrammar.Drafted.Aggregate(c, (context, field) => field.Withdraw(context, d, id));

    private static DealContext WithDraftItem(DealContext c, BriefDraft d, string id) =>
        ContextGrammar.Drafted.Aggregate(c, (context, field) => field.Accept(context, d, id));
}
