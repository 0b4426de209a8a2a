using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Promises our side made: "we will", "I'll make sure", "we guarantee", "you'll get", and in notes
/// "committed to", "promised", "agreed to" or any line under a commitments heading. Not: the
/// customer's own plans, questions, hedges ("we could maybe"), negations ("I can't commit"),
/// routine follow-ups ("I'll send the recap") or prices (those are special terms).
/// </summary>
internal static partial class CommitmentRule
{
    public static IEnumerable<Finding> Find(SentenceView v)
    {
        if (v.IsQuestion || v.Section is Section.NextSteps or Section.NotCommitted || (!v.BySeller && !v.SidesUnknown))
        {
            yield break;
        }

        var text = v.Text;
        var hits = new List<Match>();
        foreach (Match m in Lexicon.FirstPersonPromise().Matches(text))
        {
            if (Lexicon.DeliveryVerb().IsMatch(m.Groups["verb"].Value))
            {
                hits.Add(m);
            }
        }

        hits.AddRange(Lexicon.ReportedPromise().Matches(text));
        if (!v.IsNote && PassivePromise().Match(text) is { Success: true } passive)
        {
            hits.Add(passive);
        }

        var inSection = v.IsNote && (v.Section == Section.Commitments || Opening().IsMatch(text));
        var clauses = hits.Select(h => (Hit: (Match?)h, Clause: Clause(text, h.Index))).DistinctBy(h => h.Clause).ToList();
        if (clauses.Count == 0 && inSection)
        {
            clauses.Add((null, (0, text.Length)));
        }

        var kept = clauses.Select(c => (c.Hit, c.Clause, Finding: Promise(v, c.Hit, c.Clause.From, c.Clause.To))).Where(c => c.Finding is not null).ToList();
        foreach (var c in kept)
        {
            // One promise per sentence quotes the whole sentence; several quote their own clauses.
            yield return kept.Count == 1 ? c.Finding! : c.Finding! with { Start = v.Sentence.Start + c.Clause.From, End = v.Sentence.Start + c.Clause.To };
        }
    }

    private static Finding? Promise(SentenceView v, Match? hit, int from, int to)
    {
        var text = v.Text;
        var clause = text[from..to];
        if (Lexicon.Negation().IsMatch(clause) || Lexicon.Hedge().IsMatch(clause) || Lexicon.Trivial().IsMatch(clause) || Priced().IsMatch(clause))
        {
            return null;
        }

        var what = Tidy(hit is not null && hit.Groups["verb"].Success ? text[hit.Groups["verb"].Index..to] : clause);
        var due = DateExpressions.First(clause, v.Reference);
        var by = PromisedBy(v, hit);
        var confidence = hit is null ? 0.6 : v.SidesUnknown ? 0.55 : 0.8;
        return new Finding(FindingKind.Commitment, v.Index, v.Sentence.Start, v.Sentence.End, confidence, "commitment")
        {
            Value = new Commitment(what, due, by),
            Turn = v.Sentence.Turn,
        };
    }

    /// <summary>The clause around a position: "We can't do X, but we can do Y" holds two.</summary>
    internal static (int From, int To) Clause(string text, int at)
    {
        var from = 0;
        foreach (Match b in ClauseBreak().Matches(text))
        {
            if (b.Index + b.Length <= at)
            {
                from = b.Index + b.Length;
            }
            else if (b.Index > at)
            {
                return (from, b.Index);
            }
        }

        return (from, text.Length);
    }

    private static string? PromisedBy(SentenceView v, Match? hit)
    {
        if (!v.IsNote)
        {
            return v.Sentence.Speaker;
        }

        var subject = hit is not null ? Subject().Match(hit.Value) : Match.Empty;
        if (subject.Success && v.Sides.IsSellerName(subject.Value))
        {
            return v.Source.Source.Author ?? subject.Value;
        }

        return v.Source.Source.Author;
    }

    private static string Tidy(string s)
    {
        s = s.Trim().TrimEnd('.', ',', ';', '!');
        return s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s;
    }

    [GeneratedRegex(@",\s*but\s+|;\s*but\s+|;\s+|\s+but\s+(?=we|I|you)|,\s*and\s+(?=(?:we|I)(?:'ll|'m| will| can)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"\bwill be (?:hosted|delivered|live|included|provided|ready|done|installed|assigned|available)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PassivePromise();

    [GeneratedRegex(@"^(?:committed|promised|agreed) to\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Opening();

    [GeneratedRegex(@"\$\s?\d|\bdiscount\b|% off|percent off|off list|^free\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Priced();

    [GeneratedRegex(@"^\p{Lu}[a-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex Subject();
}
