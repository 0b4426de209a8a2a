using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Commitments found by their structure, for the learned layer (docs/ai-brief.md, round 5): our side
/// saying it will do something for this customer. Each candidate gets a confidence from how much of
/// the shape of a promise it has:
/// <list type="bullet">
/// <item>0.9: a first-person promise of our side ("we'll", "I'll", "we will", "I can have our engineer…",
/// "we're going to") with a delivery verb and a when or a who (a date, "tomorrow", "next week",
/// "within three weeks", "our deployment lead"); an action item in notes that starts with a verb and
/// names an owner or a date ("- [ ] Share the roadmap — Dana Ruiz, by Feb 17");</item>
/// <item>0.8: the same promise without a when or who;</item>
/// <item>0.7: our side stating a service this customer gets ("we offer training", "we provide support",
/// "data migration is included", "that includes implementation", "we can help with the setup") or a
/// deliverable in the passive with a when ("the runbook will be delivered by November 1");</item>
/// <item>0.6: any of these where the transcript does not say who is on which side.</item>
/// </list>
/// Never: the customer's words, questions, hedges, negations, routine follow-ups (send the deck, a
/// recap, an invite) or prices (those are special terms).
/// </summary>
internal static partial class CommitmentFinder
{
    public static IEnumerable<Finding> Find(IReadOnlyList<SentenceView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        foreach (var v in views)
        {
            if (Of(v) is { } confidence)
            {
                var s = v.Sentence;
                var by = v.IsNote ? ItemOwner(v.Text) ?? v.Source.Source.Author : SpeakerLabels.PersonOf(s.Speaker) ?? s.Speaker;
                yield return new Finding(FindingKind.Commitment, v.Index, s.Start, s.End, confidence, "commitment")
                {
                    Value = new Commitment(s.Text.Trim().TrimEnd('.', '!', ';'), DateExpressions.First(v.Text, v.Reference), by),
                    Turn = s.Turn,
                };
            }
        }
    }

    /// <summary>The confidence that this sentence is a commitment of our side, or null when it has no promise's shape.</summary>
    internal static double? Of(SentenceView v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var text = v.Text;
        if (v.IsQuestion || (!v.IsNote && v.ByCustomer) || v.Section is Section.NotCommitted
            || Lexicon.Negation().IsMatch(Purpose().Split(text)[0]) || Lexicon.Hedge().IsMatch(text) || Lexicon.Trivial().IsMatch(text) || Priced().IsMatch(text)
            || Conditional().IsMatch(text) || ContractTerm().IsMatch(text) || Paperwork().IsMatch(text))
        {
            return null;
        }

        var when = Lexicon.Metric().IsMatch(text) || DateExpressions.First(text, v.Reference) is not null || When().IsMatch(text);
        double? found = null;
        if (v.IsNote && ActionItem().IsMatch(text) && (when || Owner().IsMatch(text)))
        {
            found = 0.9;
        }
        else if (HaveItDone().IsMatch(text) || Delegated().IsMatch(text))
        {
            found = when || Delegate().IsMatch(text) ? 0.9 : 0.8;
        }
        else if (Promise().Match(text) is { Success: true } promise && Lexicon.DeliveryVerb().IsMatch(promise.Groups["verb"].Value) && !Routine().IsMatch(promise.Groups["verb"].Value))
        {
            found = when || Delegate().IsMatch(text) ? 0.9 : 0.8;
        }
        else if ((Provision().IsMatch(text) && Service().IsMatch(text)) || (Have().IsMatch(text) && HelpOnHand().IsMatch(text)) || (Passive().IsMatch(text) && when))
        {
            found = 0.7;
        }

        return found is { } f && v.SidesUnknown ? Math.Min(f, 0.6) : found;
    }

    [GeneratedRegex(@"(?<!\b(?:what|how|whether|if|where|when|why)\s+)\b(?:we|I)\s*(?:'ll|will|shall|'re going to|are going to|'m going to|am going to|can|'d be happy to)\s+(?:also\s+|personally\s+|then\s+|definitely\s+|get\s+(?=\w+\s+(?:to|for)\b)|have\s+(?=(?:our|my|the|a|your)\b)|)(?<verb>[a-z]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Promise();

    [GeneratedRegex(@"\b(?:(?:we|our (?:team|\w+ team)|I)\s+(?:also\s+|actually\s+|do\s+|always\s+)*(?:offer|provide|include|handle|support|supply|assign|dedicate|do)s?\b|\b(?:is|are) included\b|\bincludes?\b|\bwe can help\b|\bI can help\b|\bwe(?:'ll| will) (?:work|help)\b|\byou(?:'ll| will) (?:get|have) (?:a |an |our )?(?:dedicated|named|own)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Provision();

    [GeneratedRegex(@"\b(?:training|onboarding|implementation|set ?up|setup|support|migration|deployment|rollout|roll-out|configuration|professional services|sandbox|test environment|workshops?|sessions?|customer success|account manager|success manager|CSM|engineer|consultant|resources|tutorials|runbook|plan|check-ins?|transition)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Service();

    /// <summary>"We'll have your SSO and the migration done by April 15", "we'll have your dispatchers trained".</summary>
    [GeneratedRegex(@"\b(?:we|I)\s*(?:'ll|will|can|'re going to|are going to|'m going to)\s+have\s+(?:[\w'-]+\s+){1,6}?(?:done|trained|set up|migrated|configured|live|ready|installed|delivered|completed|connected|deployed|onboarded|integrated|up and running|finished|built|shipped|fixed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HaveItDone();

    /// <summary>"I'll have our deployment lead call you tomorrow", "I can have our engineers set up the sandbox": our people will act.</summary>
    [GeneratedRegex(@"\b(?:we|I)\s*(?:'ll|will|can|'re going to|are going to|'m going to)\s+(?:have|get)\s+(?:our|my)\s+(?:[\w-]+\s+){0,2}?(?:team|lead|engineers?|manager|architect|specialist|consultant|CSM|SE|PM|folks|people|group|department)\s+(?:to\s+)?(?-i:[a-z]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Delegated();

    /// <summary>"We have / we've got" (a capability of the product unless what we have is people or help).</summary>
    [GeneratedRegex(@"\b(?:we|our team)\s+(?:also\s+|actually\s+)*(?:'ve got|have got|have|got)\b|\bwe've\s+(?:also\s+|actually\s+)*got\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Have();

    /// <summary>What we have that is help for this customer rather than a feature: people, training, onboarding, resources to help.</summary>
    [GeneratedRegex(@"\b(?:training|onboarding|support team|team to help|resources (?:and support )?to help|resources to|(?:resources|support) (?:to|and support to) (?:help|make|get)|success manager|account manager|CSM)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HelpOnHand();

    [GeneratedRegex(@"\bwill be (?:delivered|provided|ready|completed|done|set up|sent|shared|deployed|installed|live|available|staged|migrated|configured|assigned)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Passive();

    [GeneratedRegex(@"\b(?:today|tomorrow|tonight|this week|next week|next month|end of (?:the )?(?:day|week|month|quarter)|EOD|EOW|within (?:a|an|one|two|three|four|five|six|\d+)\b|by (?:then|monday|tuesday|wednesday|thursday|friday|the \d+|mid-\w+|early \w+|late \w+)|on (?:monday|tuesday|wednesday|thursday|friday)|in (?:a|two|three|four|\d+) (?:days?|weeks?))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex When();

    [GeneratedRegex(@"\b(?:our|my) (?:\w+ ){0,2}(?:team|lead|engineer|manager|architect|specialist|consultant|CSM|SE|PM)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Delegate();

    /// <summary>The owner an action item names first ("Avery: send…" → Avery), or null.</summary>
    private static string? ItemOwner(string text) =>
        OwnerFirstItem().Match(text) is { Success: true } m && SpeakerLabels.PersonOf(m.Groups["owner"].Value) is { } person ? person : null;

    [GeneratedRegex(@"^\s*(?:\[[ xX]?\]\s*)?(?<owner>\p{Lu}[\p{L}'’.\-]*(?:\s\p{Lu}[\p{L}'’.\-]*)?)\s*(?::|\s[—–-])\s*\p{Ll}", RegexOptions.CultureInvariant)]
    private static partial Regex OwnerFirstItem();

    /// <summary>An action item that names its owner first: "Avery: send the questionnaire by Friday", "Dana Ruiz - share the checklist".</summary>
    private const string OwnerFirst = @"\p{Lu}[\p{L}'’.\-]*(?:\s\p{Lu}[\p{L}'’.\-]*)?\s*(?::|\s[—–-])\s*";

    /// <summary>A notes line that is an action: a bullet or checkbox starting with a verb ("- [ ] Send…", "* Prepare…"), or an owner and a verb ("- [ ] Avery: send…").</summary>
    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])?\s*(?:\[[ xX]?\]\s*)?(?:" + OwnerFirst + @")?(?:send|share|schedule|investigate|prepare|assign|deliver|provide|set up|build|configure|deploy|draft|review|run|confirm|complete|create|finalize|follow up|book|arrange|organi[sz]e|migrate|train|onboard|enable|introduce|connect|document|scope|spin up|kick off)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActionItem();

    /// <summary>An owner named on an action item: "— Dana Ruiz", "(owner: Sam)", "Engineering team".</summary>
    [GeneratedRegex(@"(?:[—–-]\s*\p{Lu}[\w.]*(?:\s\p{Lu}[\w.]*)?\s*(?:,|$|\()|\bowner\s*:|\bteam\b|^\s*(?:\[[ xX]?\]\s*)?" + OwnerFirst + ")", RegexOptions.CultureInvariant)]
    private static partial Regex Owner();

    [GeneratedRegex(@"\$\s?\d|[€£₹]\s?\d|\bdiscount\b|% off|percent off|off list|\bper (?:seat|user|month|year)\b|/(?:mo|month|yr|year|user|seat)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Priced();

    /// <summary>Verbs of the seller's own sales routine, not of delivering to the customer: sending, sharing, bringing someone to a meeting, keeping, making sure, following up.</summary>
    [GeneratedRegex(@"^(?:send|share|forward|email|bring|keep|make|have|follow|include|get|put|hold|do|schedule)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Routine();

    /// <summary>A special term's words (SLA, payment, cancellation, a pilot or trial, a clause): a sentence that has them is a term, not a commitment.</summary>
    [GeneratedRegex(@"\b(?:sla|uptime|24/7|around the clock|response time|net \d+|invoic\w*|billed|payments?|prepay\w*|cancel\w*|terminat\w+|notice|clause|refund\w*|guarantee\w*|credits?|pilot|trial|proof of concept|PoC|free of charge|at no (?:additional )?cost|no charge|agreement|contract|MSA)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContractTerm();

    /// <summary>Sales paperwork and meetings (proposal, invite, case study, checklist, deck, link): delivering those is a routine follow-up.</summary>
    [GeneratedRegex(@"\b(?:proposals?|invites?|invitation|calendar|calendly|(?:a|the|next|another|quick|follow-up) (?:call|meeting)|case stud(?:y|ies)|checklist|deck|slides|link|recap|summary|comparison|quote|scoping doc\w*|documentation|docs?|references?|follow-up|playbook|details)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Paperwork();

    /// <summary>Where a purpose or consequence clause starts ("…, so your team won't feel lost"): a negation after it does not negate the promise.</summary>
    [GeneratedRegex(@",?\s+(?:so that|so|which|that way)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Purpose();

    [GeneratedRegex(@"^\s*(?:if|once|when|unless)\b|\b(?:if you|once you|should you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Conditional();
}
