using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>
/// A list field the AI brief drafts (commitments, goals, success criteria, stakeholders, risks, special
/// terms): where its suggestions sit in a <see cref="BriefDraft"/>, its extractor's candidates and the
/// brief JSON, so accepting, discarding, grounding and serialising are written once for all six.
/// </summary>
public interface IDraftedField
{
    ContextFieldGrammar Grammar { get; }

    /// <summary>The brief JSON's list name (= the context key).</summary>
    string Key { get; }

    /// <summary>The property names of one item in the brief JSON (besides the evidence).</summary>
    IReadOnlyList<string> BriefParts { get; }

    IEnumerable<string> DraftIds(BriefDraft draft);

    int Count(BriefDraft draft);

    int Count(DraftCandidates candidates);

    /// <summary>Adds the suggestion's value to the context (once); the context unchanged when the id is not in this field.</summary>
    DealContext Accept(DealContext context, BriefDraft draft, string itemId);

    /// <summary>Takes the suggestion's value back out of the context.</summary>
    DealContext Withdraw(DealContext context, BriefDraft draft, string itemId);

    /// <summary>Keeps suggestions of <paramref name="old"/> the AE decided on that <paramref name="fresh"/> no longer proposes.</summary>
    BriefDraft KeepDecided(BriefDraft fresh, BriefDraft old, IReadOnlyDictionary<string, DraftDecision> decisions);

    BriefDraft Ground(BriefDraft draft, DraftCandidates candidates, DraftGrounder grounder);

    /// <summary>The field's items in a brief JSON document (labels or a prediction).</summary>
    IReadOnlyList<EvidenceItem> BriefItems(BriefDocument document);

    void ToBrief(BriefDraft draft, BriefDocument document, Func<string, Evidence, EvidenceItem, EvidenceItem> withEvidence);

    void FromBrief(BriefDocument document, DraftCandidates candidates, Func<EvidenceItem, string> source, Func<EvidenceItem, double> confidence);
}

/// <param name="idPrefix">The suggestion ids' prefix (<c>c-…</c> for commitments).</param>
/// <param name="idKey">What besides the quote tells two suggestions apart (a stakeholder's name).</param>
public sealed class DraftedField<T, TItem>(
    ListField<T> list,
    Func<BriefDraft, IReadOnlyList<Drafted<T>>> drafted,
    Func<BriefDraft, IReadOnlyList<Drafted<T>>, BriefDraft> withDrafted,
    Func<DraftCandidates, List<Proposed<T>>> proposed,
    Func<BriefDocument, List<TItem>> brief,
    string idPrefix,
    Func<T, string>? idKey = null) : IDraftedField
    where T : notnull
    where TItem : EvidenceItem, new()
{
    public ContextFieldGrammar Grammar => list;

    public string Key => list.Key;

    public IReadOnlyList<string> BriefParts => list.Item.BriefParts;

    public IEnumerable<string> DraftIds(BriefDraft draft) => drafted(draft).Select(d => d.Id);

    public int Count(BriefDraft draft) => drafted(draft).Count;

    public int Count(DraftCandidates candidates) => proposed(candidates).Count;

    public DealContext Accept(DealContext context, BriefDraft draft, string itemId) =>
        Find(draft, itemId) is { } hit && !list.Contains(context, hit.Value) ? list.Set(context, [.. list.Get(context), hit.Value]) : context;

    public DealContext Withdraw(DealContext context, BriefDraft draft, string itemId) =>
        Find(draft, itemId) is { } hit && list.Contains(context, hit.Value)
            ? list.Set(context, [.. list.Get(context).Where(v => !list.Item.Comparer.Equals(v, hit.Value))])
            : context;

    public BriefDraft KeepDecided(BriefDraft fresh, BriefDraft old, IReadOnlyDictionary<string, DraftDecision> decisions)
    {
        var now = drafted(fresh);
        var kept = drafted(old).Where(b => decisions.ContainsKey(b.Id) && now.All(n => n.Id != b.Id)).ToList();
        return kept.Count == 0 ? fresh : withDrafted(fresh, [.. now, .. kept]);
    }

    public BriefDraft Ground(BriefDraft draft, DraftCandidates candidates, DraftGrounder grounder) =>
        withDrafted(draft, grounder.Ground(proposed(candidates), idPrefix, idKey ?? (_ => "")));

    public IReadOnlyList<EvidenceItem> BriefItems(BriefDocument document) => [.. brief(document) ?? []];

    public void ToBrief(BriefDraft draft, BriefDocument document, Func<string, Evidence, EvidenceItem, EvidenceItem> withEvidence)
    {
        foreach (var d in drafted(draft))
        {
            var item = new TItem();
            foreach (var (part, text) in list.Item.ToBrief(d.Value))
            {
                item[part] = text;
            }

            brief(document).Add((TItem)withEvidence(d.Id, d.Evidence, item));
        }
    }

    /// <summary>A guessed choice (the LLM named no known role, category…) halves the item's confidence.</summary>
    public void FromBrief(BriefDocument document, DraftCandidates candidates, Func<EvidenceItem, string> source, Func<EvidenceItem, double> confidence)
    {
        foreach (var item in brief(document) ?? [])
        {
            if (list.Item.FromBrief(part => item[part], Grounding.Display(item.Quote ?? ""), out var guessed) is { } value)
            {
                proposed(candidates).Add(new Proposed<T>(value, source(item), item.Quote ?? "", guessed ? confidence(item) / 2 : confidence(item)));
            }
        }
    }

    private Drafted<T>? Find(BriefDraft draft, string itemId) => drafted(draft).FirstOrDefault(x => string.Equals(x.Id, itemId, StringComparison.Ordinal));
}
