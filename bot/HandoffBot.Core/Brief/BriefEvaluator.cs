using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>How one kind scored: matched, predicted, labelled, and how often the matched pairs agree on the attribute that matters.</summary>
public sealed record KindScore(string Kind, int Matched, int Predicted, int Labelled, int AttributeAgreed, string Attribute)
{
    public double Precision => Predicted == 0 ? (Labelled == 0 ? 1 : 0) : (double)Matched / Predicted;

    public double Recall => Labelled == 0 ? 1 : (double)Matched / Labelled;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public double AttributeAccuracy => Matched == 0 ? 0 : (double)AttributeAgreed / Matched;
}

/// <summary>One miss, for the verbose report: a prediction no label matched, or a label nothing predicted.</summary>
public sealed record EvalMiss(string Source, string Kind, bool FalsePositive, string Quote);

public sealed record EvalReport(IReadOnlyList<KindScore> Kinds, IReadOnlyList<EvalMiss> Misses, int Sources, int SourceErrors, int Dropped);

/// <summary>
/// Scores drafts against labels (docs/ai-brief.md "Evaluation"): per kind, a prediction matches a
/// label when their quotes, after whitespace and case normalisation, share a common stretch at
/// least half as long as the shorter quote. Pairs are matched one to one, best overlap first.
/// </summary>
public static class BriefEvaluator
{
    public static readonly string[] KindNames = [.. ContextGrammar.Drafted.Select(f => f.Key)];

    public static EvalReport Score(IEnumerable<(string Source, BriefDocument Labels, BriefDocument Predicted)> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var totals = KindNames.ToDictionary(k => k, _ => new int[4]);
        var misses = new List<EvalMiss>();
        var sources = 0;
        var errors = 0;
        var dropped = 0;
        foreach (var (source, labels, predicted) in cases)
        {
            sources++;
            errors += predicted.Errors?.Count ?? 0;
            dropped += predicted.DroppedUngrounded ?? 0;
            foreach (var kind in KindNames)
            {
                var p = Items(predicted, kind);
                var l = Items(labels, kind);
                var pairs = Match(p, l);
                var t = totals[kind];
                t[0] += pairs.Count;
                t[1] += p.Count;
                t[2] += l.Count;
                t[3] += pairs.Count(pair => Agrees(kind, p[pair.P], l[pair.L]));
                misses.AddRange(p.Where((_, i) => pairs.All(x => x.P != i)).Select(x => new EvalMiss(source, kind, true, x.Quote)));
                misses.AddRange(l.Where((_, i) => pairs.All(x => x.L != i)).Select(x => new EvalMiss(source, kind, false, x.Quote)));
            }
        }

        var scores = KindNames.Select(k => new KindScore(k, totals[k][0], totals[k][1], totals[k][2], totals[k][3], AttributeName(k))).ToList();
        return new EvalReport(scores, misses, sources, errors, dropped);
    }

    /// <summary>True when two quotes overlap by at least half of the shorter one (normalised).</summary>
    public static bool Overlaps(string a, string b) => Overlap(NormalizedText.Normalize(a), NormalizedText.Normalize(b)) >= 0.5;

    private static List<EvidenceItem> Items(BriefDocument d, string kind) => [.. ContextGrammar.Drafted.Single(f => f.Key == kind).BriefItems(d)];

    private static List<(int P, int L)> Match(List<EvidenceItem> predicted, List<EvidenceItem> labels)
    {
        var p = predicted.Select(x => NormalizedText.Normalize(x.Quote)).ToList();
        var l = labels.Select(x => NormalizedText.Normalize(x.Quote)).ToList();
        var candidates = new List<(int P, int L, double Ratio)>();
        for (var i = 0; i < p.Count; i++)
        {
            for (var j = 0; j < l.Count; j++)
            {
                var ratio = Overlap(p[i], l[j]);
                if (ratio >= 0.5)
                {
                    candidates.Add((i, j, ratio));
                }
            }
        }

        var usedP = new HashSet<int>();
        var usedL = new HashSet<int>();
        var pairs = new List<(int, int)>();
        foreach (var (i, j, _) in candidates.OrderByDescending(c => c.Ratio).ThenBy(c => c.P).ThenBy(c => c.L))
        {
            if (usedP.Add(i))
            {
                if (usedL.Add(j))
                {
                    pairs.Add((i, j));
                }
                else
                {
                    usedP.Remove(i);
                }
            }
        }

        return pairs;
    }

    /// <summary>Longest common substring of two normalised quotes over the shorter length (0.5 or more is a match).</summary>
    public static double OverlapRatio(string a, string b) => Overlap(a ?? "", b ?? "");

    /// <summary>Longest common substring over the shorter length.</summary>
    private static double Overlap(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        var best = 0;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
                best = Math.Max(best, cur[j]);
            }

            (prev, cur) = (cur, prev);
        }

        return (double)best / Math.Min(a.Length, b.Length);
    }

    private static string AttributeName(string kind) => kind switch
    {
        "commitments" => "due date",
        "stakeholders" => "role",
        "risks" => "category",
        "specialTerms" => "kind",
        _ => "-",
    };

    private static bool Agrees(string kind, EvidenceItem p, EvidenceItem l) => (p, l) switch
    {
        (CommitmentItem a, CommitmentItem b) => string.Equals(a.Due, b.Due, StringComparison.Ordinal),
        (StakeholderItem a, StakeholderItem b) => Same<StakeholderRole>(a.Role, b.Role),
        (RiskItem a, RiskItem b) => Same<RiskCategory>(a.Category, b.Category),
        (TermItem a, TermItem b) => Same<SpecialTermKind>(a.Kind, b.Kind),
        _ => kind is "goals" or "successCriteria",
    };

    private static bool Same<T>(string? a, string? b)
        where T : struct, Enum =>
        EnumText.TryParse<T>(a, out var x) && EnumText.TryParse<T>(b, out var y) && x.Equals(y);
}
