using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Special terms agreed for this deal: discounts, payment terms, SLAs, termination rights and other
/// contract terms (caps, MFN, hosting, revenue share). A sentence that names two ("a price lock
/// for two years and a thirty-day termination window") gives one term per clause. Not: questions,
/// hedged offers ("if you signed by Friday we could maybe…"), refusals, "standard terms".
/// </summary>
internal static partial class TermRule
{
    public static IEnumerable<Finding> Find(SentenceView v, SentenceView? next)
    {
        var text = v.Text;
        if (v.IsQuestion || Lexicon.Hedge().IsMatch(text) || Lexicon.NoSpecialTerms().IsMatch(text) || Refused().IsMatch(text))
        {
            yield break;
        }

        var label = v.Label ?? "";
        var inTerms = v.IsNote && (v.Section == Section.Terms || label.Contains("TERM", StringComparison.Ordinal) || label.Contains("PAYMENT", StringComparison.Ordinal) || label.Contains("SLA", StringComparison.Ordinal));
        var kinds = Kinds(text);
        if (kinds.Count == 0)
        {
            yield break;
        }

        var agreed = inTerms || Lexicon.Agreed().IsMatch(text) || Strong().IsMatch(text) || (v.IsNote && NoteStyle().IsMatch(text));
        if (!agreed && next is not null && next.Sentence.Turn == v.Sentence.Turn && next.Text.Length < 60 && Lexicon.Agreed().IsMatch(next.Text) && Kinds(next.Text).Count == 0)
        {
            // "…we'd honor the same per-seat price. That's in the order form."
            yield return Term(v, kinds[0], 0, next.Sentence.End - v.Sentence.Start, 0.6);
            yield break;
        }

        if (!agreed)
        {
            yield break;
        }

        var confidence = inTerms ? 0.8 : v.IsNote ? 0.7 : 0.65;
        if (kinds.Count == 1)
        {
            yield return Term(v, kinds[0], 0, text.Length, confidence);
            yield break;
        }

        // Several kinds: one term per clause, neighbouring clauses of one kind kept together.
        var clauses = new List<(int From, int To, SpecialTermKind? Kind)>();
        var from = 0;
        foreach (Match b in ClauseBreak().Matches(text))
        {
            clauses.Add((from, b.Index, Kinds(text[from..b.Index]) is [var first, ..] ? first : null));
            from = b.Index + b.Length;
        }

        clauses.Add((from, text.Length, Kinds(text[from..]) is [var tail, ..] ? tail : null));
        (SpecialTermKind Kind, int Start, int End)? group = null;
        foreach (var (cFrom, cTo, kind) in clauses)
        {
            if (group is { } g && (kind is null || kind == g.Kind))
            {
                group = g with { End = cTo };
                continue;
            }

            if (kind is not { } k)
            {
                continue;
            }

            if (group is { } done)
            {
                yield return Term(v, done.Kind, done.Start, done.End, confidence);
            }

            group = (k, cFrom, cTo);
        }

        if (group is { } last)
        {
            yield return Term(v, last.Kind, last.Start, last.End, confidence);
        }
    }

    private static Finding Term(SentenceView v, SpecialTermKind kind, int from, int to, double confidence) =>
        new(FindingKind.Term, v.Index, v.Sentence.Start + from, v.Sentence.Start + to, confidence, kind.ToString())
        {
            Value = kind,
            Turn = v.Sentence.Turn,
        };

    internal static List<SpecialTermKind> Kinds(string text)
    {
        var kinds = new List<(SpecialTermKind Kind, int At)>();
        void Check(Regex r, SpecialTermKind k)
        {
            if (r.Match(text) is { Success: true } m)
            {
                kinds.Add((k, m.Index));
            }
        }

        Check(Lexicon.TerminationWords(), SpecialTermKind.Termination);
        Check(Lexicon.SlaWords(), SpecialTermKind.Sla);
        Check(Lexicon.DiscountWords(), SpecialTermKind.Discount);
        Check(Lexicon.PaymentWords(), SpecialTermKind.Payment);
        Check(Lexicon.OtherTermWords(), SpecialTermKind.Other);
        return [.. kinds.OrderBy(k => k.At).Select(k => k.Kind)];
    }

    [GeneratedRegex(@",\s*and\s+|;\s+|\s+and\s+(?=(?:a|an|the|you|we|they|payment|there)\b)|\s+with\s+(?=(?:a|an)\s)|,\s+(?=(?:billed|invoiced|paid)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"\b(?:net[ -]?(?:\d+|thirty|forty-five|sixty|ninety)|discount|sla\b|uptime|opt-out|exit clause|non-appropriation|terminat\w+|price lock|locked for|capped|cap of|liability cap|most favou?red)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Strong();

    [GeneratedRegex(@"^(?:\d+%|payment|billed|annual|quarterly|monthly|p1|month-to-month|they can|they may|free)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoteStyle();

    [GeneratedRegex(@"\b(?:won't be able to|we can't|can't change|not able to|no extra discount|asked for .* but|beyond that cap)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Refused();
}
