using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Offline;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// What the classifier sees of a sentence besides its embedding: whose words they are, the structure
/// rules read well (money, percentages, dates, durations, first-person future, negation, hedges, a
/// notes section or field label) and whether each kind's cue rule fired. Names are in the weights
/// file, so a model and its features never drift apart silently.
/// </summary>
internal static partial class SentenceFeatures
{
    public static readonly string[] Names =
    [
        "by_seller", "by_customer", "sides_unknown", "note", "question", "money", "percent", "date", "duration",
        "we_will", "negation", "hedge", "routine_follow_up", "rule_commitment", "rule_goal", "rule_success", "rule_risk",
        "rule_term", "section_commitments", "section_goals", "section_success", "section_risks", "section_terms",
        "note_field_line", "length", "target_number", "commercial_word", "concern_word", "term_word", "next_step_field",
        "seller_money", "customer_money", "seller_we_will", "customer_we_will", "reply_accepts", "reply_objects", "seller_reply_accepts",
        "customer_need_want", "meeting_logistics",
    ];

    public static float[] Of(SentenceView v, TurnContext context)
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(context);
        var t = v.Text;
        var f = new float[Names.Length];
        var i = 0;
        f[i++] = !v.IsNote && v.BySeller && !v.SidesUnknown ? 1 : 0;
        f[i++] = v.ByCustomer ? 1 : 0;
        f[i++] = v.SidesUnknown ? 1 : 0;
        f[i++] = v.IsNote ? 1 : 0;
        f[i++] = v.IsQuestion ? 1 : 0;
        f[i++] = Money().IsMatch(t) ? 1 : 0;
        f[i++] = Percent().IsMatch(t) ? 1 : 0;
        f[i++] = DateExpressions.First(t, v.Reference ?? new DateOnly(2025, 1, 1)) is not null || DateWords().IsMatch(t) ? 1 : 0;
        f[i++] = Duration().IsMatch(t) ? 1 : 0;
        f[i++] = WeWill().IsMatch(t) ? 1 : 0;
        f[i++] = Lexicon.Negation().IsMatch(t) ? 1 : 0;
        f[i++] = Lexicon.Hedge().IsMatch(t) ? 1 : 0;
        f[i++] = Lexicon.Trivial().IsMatch(t) ? 1 : 0;
        f[i++] = CommitmentRule.Find(v).Any() ? 1 : 0;
        var goals = GoalRule.Find(v).ToList();
        f[i++] = goals.Any(g => g.Kind == FindingKind.Goal) ? 1 : 0;
        f[i++] = goals.Any(g => g.Kind == FindingKind.Success) ? 1 : 0;
        f[i++] = RiskRule.Find(v) is not null ? 1 : 0;
        f[i++] = TermRule.Find(v, v.Next).Any() ? 1 : 0;
        f[i++] = v.Section is Section.Commitments or Section.NextSteps ? 1 : 0;
        f[i++] = v.Section == Section.Goals ? 1 : 0;
        f[i++] = v.Section == Section.Success ? 1 : 0;
        f[i++] = v.Section == Section.Risks ? 1 : 0;
        f[i++] = v.Section == Section.Terms ? 1 : 0;
        f[i++] = NoteStructure.IsMetadata(v) ? 1 : 0;
        f[i++] = Math.Min(1f, t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length / 40f);
        f[i++] = GoalRule.HasTarget(t) ? 1 : 0;
        f[i++] = Lexicon.CommercialNumber().IsMatch(t) ? 1 : 0;
        f[i++] = Lexicon.Concern().IsMatch(t) ? 1 : 0;
        f[i++] = TermRule.Kinds(t).Count > 0 ? 1 : 0;
        f[i++] = NoteStructure.IsNextStep(v) ? 1 : 0;

        // Whose words, crossed with what they say: the rep naming a price is a pitch until the customer
        // takes it; the customer naming one is a budget or a competitor's quote.
        var seller = !v.IsNote && v.BySeller && !v.SidesUnknown;
        var money = Money().IsMatch(t);
        var weWill = WeWill().IsMatch(t);
        f[i++] = seller && money ? 1 : 0;
        f[i++] = v.ByCustomer && money ? 1 : 0;
        f[i++] = seller && weWill ? 1 : 0;
        f[i++] = v.ByCustomer && weWill ? 1 : 0;
        f[i++] = context.ReplyAccepts(v.Index) ? 1 : 0;
        f[i++] = context.ReplyObjects(v.Index) ? 1 : 0;
        f[i++] = seller && context.ReplyAccepts(v.Index) ? 1 : 0;
        f[i++] = (v.ByCustomer || v.IsNote) && NeedWant().IsMatch(t) ? 1 : 0;
        f[i++] = MeetingLogistics().IsMatch(t) ? 1 : 0;
        return f;
    }

    [GeneratedRegex(@"[$€£₹¥]\s?\d|\b\d[\d,.]*\s?(?:k|K|M|L|Cr|crore|lakh)\b|\b(?:dollars|rupees|euros|per (?:user|seat|month|year|agent))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Money();

    [GeneratedRegex(@"\d\s?%|\bpercent\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Percent();

    [GeneratedRegex(@"\b(?:Q[1-4]|(?:next|this) (?:week|month|quarter|year)|end of (?:the )?(?:week|month|quarter|year)|Monday|Tuesday|Wednesday|Thursday|Friday|by EOD)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateWords();

    [GeneratedRegex(@"\b\d+(?:[-–]\d+)?[- ]?(?:minutes?|min|hours?|hrs?|days?|weeks?|months?|years?)\b|\b(?:a|one|two|three|four|six) (?:days?|weeks?|months?|years?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?:we|I|they|our team|the team)\s+(?:really\s+|just\s+|also\s+|definitely\s+)?(?:need|want|would like|'d like|are looking|'re looking|are trying|'re trying|hope|have to|must)\b|\blooking (?:to|for)\b|\bour (?:goal|aim|priority|objective)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NeedWant();

    [GeneratedRegex(@"\b(?:demo|call|meeting|session|invite|calendar|agenda|catch up|sync|walkthrough|walk-through)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MeetingLogistics();

    [GeneratedRegex(@"\b(?:we(?:'ll| will| can| provide| offer| handle| include| guarantee)|I(?:'ll| will)|our (?:team|technicians|engineers|support) (?:will|can|handles?|provides?))\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WeWill();
}
