using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// The offline extractor's learned layer: every candidate sentence (one utterance or note line, at
/// least four words, not a record field or activity header) is embedded in batches, and one softmax
/// over "none" and the five kinds scores [embedding, <see cref="SentenceFeatures"/>]. A sentence is a
/// commitment or a special term, never both (the likelier one is kept); each kind's probability is
/// shown only at or above the kind's threshold (chosen on cross-validation folds when
/// the model was trained); the probability, calibrated, is the item's confidence. Whose words decides what a
/// kind may be: a commitment is our side's, a goal, success criterion or risk the customer's (the
/// vendor's pitch is never a customer risk); in notes the author writes about the customer, so any
/// line may carry any kind.
/// </summary>
internal static class LearnedLayer
{
    public const string None = "none";
    public const string Commitments = "commitments";
    public const string Goals = "goals";
    public const string Success = "successCriteria";
    public const string Risks = "risks";
    public const string Terms = "specialTerms";

    public static readonly string[] Kinds = [Commitments, Goals, Success, Risks, Terms];

    /// <summary>The softmax's classes: "none" first, then <see cref="Kinds"/> in order.</summary>
    public static readonly string[] Classes = [None, .. Kinds];

    /// <summary>
    /// Only these sentences are embedded and scored: four words or more, not a record field or activity
    /// header, and not a question our side asks (the rep's questions are how discovery works; an item is
    /// what someone states). Everything else is never an item, which keeps a one-hour call's embedding
    /// work to the sentences that can matter.
    /// </summary>
    public static bool IsCandidate(SentenceView v) =>
        v.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4 && !NoteStructure.IsMetadata(v) && v.Text.Length >= Grounding.MinQuoteChars
        && !(v.IsQuestion && !v.IsNote && !v.SidesUnknown && v.BySeller);

    public static float[] Vector(float[] embedding, float[] features)
    {
        var x = new float[embedding.Length + features.Length];
        embedding.CopyTo(x, 0);
        features.CopyTo(x, embedding.Length);
        return x;
    }

    /// <summary>May a sentence said by this side be an item of this kind?</summary>
    public static bool Allowed(string kind, SentenceView v) => kind switch
    {
        Commitments => v.IsNote || !v.ByCustomer,
        Goals or Success or Risks => v.IsNote || v.SidesUnknown || !v.BySeller,
        _ => true,
    };

    /// <summary>Which classes a sentence may be, in <see cref="Classes"/> order ("none" always).</summary>
    public static bool[] Mask(SentenceView v) => [true, .. Kinds.Select(k => Allowed(k, v))];

    /// <summary>A commitment or a term, never both: the less likely of the two is dropped before any threshold.</summary>
    public static void Disambiguate(double[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        const int commitment = 1, term = 5;
        if (p[commitment] > 0 && p[term] > 0)
        {
            p[p[commitment] >= p[term] ? term : commitment] = 0;
        }
    }

    /// <summary>A candidate sentence and its class probabilities (commitment/term already disambiguated).</summary>
    internal sealed record Scored(SentenceView View, double[] P);

    public static List<Scored> Score(IReadOnlyList<SentenceView> views, ISentenceEncoder encoder, BriefModel model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(model);
        var candidates = views.Where(IsCandidate).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var context = new TurnContext(views);
        var embeddings = encoder.Encode([.. candidates.Select(c => c.Sentence.Text)], ct);
        var scored = new List<Scored>(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            var v = candidates[i];
            var p = SoftmaxRegression.Score(model.Weights, model.Bias, Vector(embeddings[i], SentenceFeatures.Of(v, context)), Mask(v));
            Disambiguate(p);
            scored.Add(new Scored(v, p));
        }

        return scored;
    }

    public static List<Finding> Find(IReadOnlyList<SentenceView> views, ISentenceEncoder encoder, BriefModel model, CancellationToken ct)
    {
        var scored = Score(views, encoder, model, ct);
        var found = new List<Finding>();
        for (var k = 0; k < Kinds.Length; k++)
        {
            if (model.For(Kinds[k]) is not { } kind)
            {
                continue;
            }

            if (k == 0 && kind.RuleConfidence > 0)
            {
                found.AddRange(Promised(CommitmentFinder.Find(views), scored, kind.RuleConfidence, kind.Threshold, model.For(Terms)?.Threshold ?? 1.01));
            }
            else
            {
                found.AddRange(Decide(scored, k, kind.Threshold, kind));
            }
        }

        return found;
    }

    /// <summary>
    /// Commitments from the structural finder: a promise of at least <paramref name="rule"/> confidence whose sentence
    /// the model finds a commitment with probability <paramref name="threshold"/> or more (after the commitment/term
    /// choice); with a threshold of 0 the finder alone decides, except that a sentence shown as a special term (its term
    /// probability at the term threshold and above its commitment probability) is never also a commitment.
    /// </summary>
    internal static IEnumerable<Finding> Promised(IEnumerable<Finding> promises, IReadOnlyList<Scored> scored, double rule, double threshold, double termThreshold)
    {
        var byIndex = scored.ToDictionary(s => s.View.Index, s => s.P);
        foreach (var f in promises.Where(f => f.Confidence >= rule))
        {
            var p = byIndex.GetValueOrDefault(f.SentenceIndex);
            var keep = threshold > 0
                ? p is not null && p[1] >= threshold
                : p is null || !(p[5] > 0 && p[5] >= termThreshold);
            if (keep)
            {
                yield return f;
            }
        }
    }

    /// <summary>The items of one kind (index into <see cref="Kinds"/>) at a threshold on its probability; the confidence is the calibrated probability.</summary>
    internal static IEnumerable<Finding> Decide(IEnumerable<Scored> scored, int kind, double threshold, KindModel calibration) =>
        scored.Where(s => s.P[kind + 1] > 0 && s.P[kind + 1] >= threshold).Select(s => Item(Kinds[kind], s.View, Math.Round(calibration.Calibrate(s.P[kind + 1]), 2)));

    private static Finding Item(string kind, SentenceView v, double confidence)
    {
        var s = v.Sentence;
        switch (kind)
        {
            case Commitments:
                var what = s.Text.Trim().TrimEnd('.', '!', ';');
                var by = v.IsNote ? v.Source.Source.Author : SpeakerLabels.PersonOf(s.Speaker) ?? s.Speaker;
                return new Finding(FindingKind.Commitment, v.Index, s.Start, s.End, confidence, kind)
                {
                    Value = new Commitment(what, DateExpressions.First(v.Text, v.Reference), by),
                    Turn = s.Turn,
                };
            case Goals:
                return new Finding(FindingKind.Goal, v.Index, s.Start, s.End, confidence, kind) { Turn = s.Turn };
            case Success:
                return new Finding(FindingKind.Success, v.Index, s.Start, s.End, confidence, kind) { Turn = s.Turn };
            case Risks:
                var category = RiskRule.Category(v.Text) ?? RiskCategory.Other;
                var severity = Lexicon.SevereWords().IsMatch(v.Text) ? Severity.High : Lexicon.MildWords().IsMatch(v.Text) ? Severity.Low : Severity.Medium;
                return new Finding(FindingKind.Risk, v.Index, s.Start, s.End, confidence, category.ToString())
                {
                    Value = (category, severity),
                    Turn = s.Turn,
                };
            default:
                var termKind = TermRule.Kinds(v.Text) is [var first, ..] ? first : SpecialTermKind.Other;
                return new Finding(FindingKind.Term, v.Index, s.Start, s.End, confidence, termKind.ToString())
                {
                    Value = termKind,
                    Turn = s.Turn,
                };
        }
    }
}
