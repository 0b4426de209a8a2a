using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// The offline extractor's learned layer: every candidate sentence (one utterance or note line, at
/// least four words, not a record field or activity header) is embedded in one batch, and a per-kind
/// logistic regression over [embedding, <see cref="SentenceFeatures"/>] scores it. Only scores at or
/// above the kind's threshold (chosen on held-apart data when the model was trained) become items,
/// and the score is the item's confidence. Whose words decides what a kind may be: a commitment is
/// our side's, a goal, success criterion or risk the customer's (the vendor's pitch is never a
/// customer risk); in notes the author writes about the customer, so any line may carry any kind.
/// </summary>
internal static class LearnedLayer
{
    public const string Commitments = "commitments";
    public const string Goals = "goals";
    public const string Success = "successCriteria";
    public const string Risks = "risks";
    public const string Terms = "specialTerms";

    public static readonly string[] Kinds = [Commitments, Goals, Success, Risks, Terms];

    public static bool IsCandidate(SentenceView v) =>
        v.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4 && !NoteStructure.IsMetadata(v) && v.Text.Length >= Grounding.MinQuoteChars;

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

    public static List<Finding> Find(IReadOnlyList<SentenceView> views, ISentenceEncoder encoder, BriefModel model, CancellationToken ct)
    {
        var candidates = views.Where(IsCandidate).ToList();
        var found = new List<Finding>();
        if (candidates.Count == 0)
        {
            return found;
        }

        var embeddings = encoder.Encode([.. candidates.Select(c => c.Sentence.Text)], ct);
        for (var i = 0; i < candidates.Count; i++)
        {
            var v = candidates[i];
            var x = Vector(embeddings[i], SentenceFeatures.Of(v));
            foreach (var kind in Kinds)
            {
                if (model.For(kind) is not { } k || !Allowed(kind, v))
                {
                    continue;
                }

                var p = LogisticRegression.Score(k.Weights, k.Bias, x);
                if (p >= k.Threshold)
                {
                    found.Add(Item(kind, v, Math.Round(p, 2)));
                }
            }
        }

        return found;
    }

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
