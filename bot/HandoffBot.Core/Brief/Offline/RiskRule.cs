using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Risks: a concern ("worried", "could slip", "not approved", "still talking to") about something
/// in one of the categories (budget, timeline, competitor, champion change, technical fit, legal,
/// scope creep / oversell), or any categorised line under a risks heading. A concern followed in
/// the same sentence by its resolution ("…but it was fully signed yesterday, so that's closed") is
/// no risk; resolutions later in the source are applied by <see cref="Resolve"/>.
/// </summary>
internal static partial class RiskRule
{
    public static Finding? Find(SentenceView v)
    {
        var text = v.Text;
        if (v.IsQuestion || (!v.IsNote && v.BySeller && !v.SidesUnknown) || Hypothetical().IsMatch(text))
        {
            return null;
        }

        if (Lexicon.SuccessCue().IsMatch(text) && GoalRule.HasTarget(text))
        {
            return null; // "the win for us is when rework costs go down…": a success criterion, not a risk
        }

        var label = v.Label ?? "";
        var inRisks = v.IsNote && (v.Section == Section.Risks || label.Contains("RISK", StringComparison.Ordinal) || label.Contains("CONCERN", StringComparison.Ordinal) || label.Contains("BUDGET", StringComparison.Ordinal));
        var concern = LastIndex(Lexicon.Concern(), text);
        if (concern < 0 && !inRisks)
        {
            return null;
        }

        if (LastEnd(Lexicon.Resolution(), text) is var resolved and >= 0 && resolved > concern)
        {
            return null;
        }

        // A sentence that carries the concern but names its subject only in the sentence before ("…consolidates on them").
        var category = Category(text) ?? (v.Previous is { } p ? Category(p.Text + " " + text) : null) ?? (v.Next is { } n ? Category(text + " " + n.Text) : null);
        if (category is null)
        {
            return null;
        }

        var severity = Lexicon.SevereWords().IsMatch(text) ? Severity.High : Lexicon.MildWords().IsMatch(text) ? Severity.Low : Severity.Medium;
        var confidence = (inRisks ? 0.75 : 0.65) - (v.SidesUnknown ? 0.1 : 0);
        return new Finding(FindingKind.Risk, v.Index, v.Sentence.Start, v.Sentence.End, confidence, category.Value.ToString())
        {
            Value = (category.Value, severity),
            Turn = v.Sentence.Turn,
        };
    }

    /// <summary>The best-supported category; a champion leaving or a named competitor outranks generic words.</summary>
    internal static RiskCategory? Category(string text)
    {
        if (Lexicon.ChampionChangeWords().IsMatch(text))
        {
            return RiskCategory.ChampionChange;
        }

        var vendor = Lexicon.KnownVendor().Match(text);
        var competitorCue = Lexicon.CompetitorWords().IsMatch(text);
        if (competitorCue && (vendor.Success || CompetitorNoun().IsMatch(text)))
        {
            return RiskCategory.Competitor;
        }

        var scores = new (RiskCategory Category, double Score)[]
        {
            (RiskCategory.Legal, Count(Lexicon.LegalWords(), text) * 1.5),
            (RiskCategory.ScopeCreepOversell, Count(Lexicon.ScopeWords(), text) * 1.3),
            (RiskCategory.Budget, Count(Lexicon.BudgetWords(), text) * 1.2),
            (RiskCategory.Timeline, Count(Lexicon.TimelineWords(), text) * 1.0),
            (RiskCategory.TechnicalFit, Count(Lexicon.TechnicalWords(), text) * 1.0),
        };
        var best = scores.MaxBy(s => s.Score);
        return best.Score > 0 ? best.Category : null;
    }

    /// <summary>
    /// Drops risks that the source itself later says are over: a resolution sentence ("then the
    /// firewall is not an issue after all") resolves earlier risks of its category or that share a
    /// distinctive word with it, or else the risk raised just before it.
    /// </summary>
    public static void Resolve(List<Finding> risks, IReadOnlyList<SentenceView> sentences)
    {
        if (risks.Count == 0)
        {
            return;
        }

        var salient = new Dictionary<int, HashSet<string>>();
        HashSet<string> WordsOf(int index) => salient.TryGetValue(index, out var w) ? w : salient[index] = Salient(sentences[index].Text);

        foreach (var r in sentences.Where(s => !s.IsQuestion && Lexicon.Resolution().IsMatch(s.Text)))
        {
            // A resolution speaks about what was raised in the last few minutes, not an hour ago.
            var earlier = risks.Where(k => k.SentenceIndex < r.Index && r.Index - k.SentenceIndex <= LookBack).ToList();
            if (earlier.Count == 0)
            {
                continue;
            }

            // What the resolution talks about: shared distinctive words first, then its category, then "that" pointing back.
            var words = WordsOf(r.Index);
            var shared = earlier.Where(k => WordsOf(k.SentenceIndex).Overlaps(words)).ToList();
            if (shared.Count > 0)
            {
                risks.RemoveAll(shared.Contains);
                continue;
            }

            var category = Category(r.Text)?.ToString();
            if (category is not null)
            {
                if (earlier.Where(k => k.Group == category && r.Index - k.SentenceIndex <= 12).MaxBy(k => k.SentenceIndex) is { } same)
                {
                    risks.Remove(same);
                }

                continue;
            }

            if (Anaphor().IsMatch(r.Text) && earlier.MaxBy(k => k.SentenceIndex) is { } last && r.Index - last.SentenceIndex <= 3)
            {
                risks.Remove(last);
            }
        }
    }

    private const int LookBack = 60;

    private static HashSet<string> Salient(string text) =>
        [.. Word().Matches(text).Select(m => m.Value.ToUpperInvariant()).Where(w => w.Length >= 5 && !Common.Contains(w))];

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "ABOUT", "AFTER", "AGAIN", "ALREADY", "BECAUSE", "BEFORE", "COULD", "GOING", "GREAT", "HONESTLY", "ISSUE", "CONCERN", "PROBLEM",
        "REALLY", "RIGHT", "SHOULD", "THEIR", "THERE", "THESE", "THING", "THINK", "THOSE", "UNDERSTOOD", "WHICH", "WORRIED", "WOULD",
        "ANYMORE", "ACTUALLY", "CHECKED", "MORNING", "UPDATE", "OTHER", "WORRY", "SINCE", "STILL", "WHERE", "THAT'S",
    };

    private static int LastIndex(Regex regex, string text)
    {
        var last = -1;
        foreach (Match m in regex.Matches(text))
        {
            last = m.Index;
        }

        return last;
    }

    private static int LastEnd(Regex regex, string text)
    {
        var last = -1;
        foreach (Match m in regex.Matches(text))
        {
            last = m.Index + m.Length;
        }

        return last;
    }

    private static int Count(Regex regex, string text) => regex.Matches(text).Count;

    [GeneratedRegex(@"\b(?:that|this|it)(?:'s| is| was)? (?:not|no longer|off|done|closed|resolved|fine|settled)|\b(?:that|this|the) (?:concern|issue|risk|problem|worry)\b|\bnot worried about that\b|^that works\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anaphor();

    [GeneratedRegex(@"\b(?:if we (?:ever )?wanted|would it be possible|hypothetically|would be a problem)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hypothetical();

    [GeneratedRegex(@"\b(?:competitor|other vendor|vendors?|standard|quote)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CompetitorNoun();

    [GeneratedRegex(@"[A-Za-z']+")]
    private static partial Regex Word();
}
