using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Which speakers of a call are on our side (their promises are commitments; they are not
/// stakeholders) and which are the customer's (their goals, risks and people). The deal's AE is
/// known by name; a colleague the AE brings (a solutions engineer) is recognised by how they talk
/// ("our team", "your go-live") and how they are introduced ("this is Sam, our solutions engineer").
/// </summary>
internal sealed partial class SpeakerSides
{
    private readonly HashSet<string> sellers = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> sellerFirstNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> introduced = new(StringComparer.OrdinalIgnoreCase);

    // Speakers whose label says the side ("AE (Jordan)", "Sales Rep" / "Prospect", "Customer").
    private readonly HashSet<string> labelled = new(StringComparer.Ordinal);
    private readonly HashSet<string> customers = new(StringComparer.Ordinal);

    private SpeakerSides(SourceKind kind) => Kind = kind;

    public SourceKind Kind { get; }

    /// <summary>True when at least one seller is known, so the rest of the speakers are the customer.</summary>
    public bool Known => sellers.Count > 0 || introduced.Count > 0 || labelled.Count > 0;

    /// <summary>A speaker on our side: a known seller by full name (or a one-word label matching a seller's first name), or a colleague a seller introduced.</summary>
    public bool IsSeller(string? speaker) => speaker is not null
        && !customers.Contains(speaker)
        && (labelled.Contains(speaker) || sellers.Contains(Names.Key(speaker)) || sellerFirstNames.Contains(Names.Key(speaker)) || introduced.Contains(Names.FirstOf(speaker))
            || (SpeakerLabels.PersonOf(speaker) is { } person && introduced.Contains(Names.FirstOf(person))));

    public bool IsCustomer(string? speaker) => Kind == SourceKind.Transcript && speaker is not null && !IsSeller(speaker)
        && (customers.Contains(speaker) || Known);

    /// <summary>A name mentioned in text that belongs to our side (the AE, an introduced colleague).</summary>
    public bool IsSellerName(string name) => sellers.Contains(Names.Key(name)) || introduced.Contains(Names.FirstOf(name))
        || (!Names.Key(name).Contains(' ', StringComparison.Ordinal) && sellerFirstNames.Contains(Names.Key(name)));

    public static SpeakerSides Infer(ParsedSource source, IReadOnlyList<Sentence> sentences, DealHints hints)
    {
        var sides = new SpeakerSides(source.Kind);
        foreach (var name in hints.SellerNames)
        {
            sides.Add(name);
        }

        if (source.Kind == SourceKind.Note)
        {
            if (source.Source.Author is { } author)
            {
                sides.Add(author);
            }

            return sides;
        }

        foreach (var speaker in sentences.Select(x => x.Speaker).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            switch (SpeakerLabels.Parse(speaker).Seller)
            {
                case true:
                    sides.labelled.Add(speaker);
                    break;
                case false:
                    sides.customers.Add(speaker);
                    break;
            }
        }

        // What the source itself says (Gong affiliation, is_external, a participants NOTE) outranks the speaker's label and talk.
        foreach (var u in source.Utterances)
        {
            if (u.Speaker is not { } speaker || u.Side == SpeakerSide.Unknown)
            {
                continue;
            }

            (u.Side == SpeakerSide.Ours ? sides.labelled : sides.customers).Add(speaker);
            (u.Side == SpeakerSide.Ours ? sides.customers : sides.labelled).Remove(speaker);
        }

        sides.PairTwoParties(sentences);
        var contacts = hints.Contacts.Select(c => Names.Key(c.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var score = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var introducedCompanies = new List<string>();
        foreach (var s in sentences)
        {
            if (s.Speaker is not { } speaker)
            {
                continue;
            }

            var text = s.Text.Replace('’', '\'');
            score[speaker] = score.GetValueOrDefault(speaker) + SellerTalk().Matches(text).Count - CustomerTalk().Matches(text).Count;
            foreach (Match m in Colleague().Matches(text))
            {
                // A colleague introduced by a speaker the source says is the customer ("Prospect (Dana)": "Nina, our ops manager") is theirs.
                if (sides.IsSeller(speaker) || (hints.SellerNames.Count == 0 && !sides.customers.Contains(speaker)))
                {
                    sides.AddFirstName(m.Groups["name"].Value);
                }
            }

            // "I'm Alex from GreenGrow Agricultural Solutions": the visitor who introduces their company sells.
            if (s.Turn < 6 && SelfIntroduction().Match(text) is { Success: true } intro
                && (hints.AccountName is null || !intro.Groups["company"].Value.Contains(hints.AccountName, StringComparison.OrdinalIgnoreCase)))
            {
                introducedCompanies.Add(intro.Groups["company"].Value);
                score[speaker] = score.GetValueOrDefault(speaker) + 3;
            }
        }

        sides.GroupByOrganisation(source, hints, score, introducedCompanies);
        foreach (var (speaker, net) in score)
        {
            if (net >= 2 && !contacts.Contains(Names.Key(speaker)) && !sides.customers.Contains(speaker))
            {
                sides.Add(speaker);
            }
        }

        // With no hints and no clear talk, the speaker who sounds most like a vendor is our side.
        if (!sides.Known && score.Count > 1 && score.MaxBy(kv => kv.Value) is var top && top.Value >= 0 && score.Count(kv => kv.Value == top.Value) == 1)
        {
            sides.Add(top.Key);
        }

        return sides;
    }

    /// <summary>
    /// A two-party call where the source or a label says one speaker's side ("CUSTOMER:" and "LIA:"):
    /// the other speaker is on the other side.
    /// </summary>
    private void PairTwoParties(IReadOnlyList<Sentence> sentences)
    {
        var speakers = sentences.Select(x => x.Speaker).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (speakers.Count != 2)
        {
            return;
        }

        bool IsKnown(string s) => labelled.Contains(s) || customers.Contains(s);
        if (speakers.Count(IsKnown) != 1)
        {
            return;
        }

        var (known, other) = IsKnown(speakers[0]) ? (speakers[0], speakers[1]) : (speakers[1], speakers[0]);
        (labelled.Contains(known) ? customers : labelled).Add(other);
    }

    /// <summary>
    /// Speaker labels that name exactly two organisations ("Dana Ruiz (acme.com):", "Avery [Northwind]:")
    /// split the call in two. Ours is the organisation of a known seller or of a company a speaker
    /// introduced as theirs; the customer's is the deal's account or its contacts' email domain; failing
    /// those, the organisation whose people talk most like a vendor.
    /// </summary>
    private void GroupByOrganisation(ParsedSource source, DealHints hints, Dictionary<string, int> score, List<string> introducedCompanies)
    {
        var members = source.Utterances.Where(u => u.Speaker is not null && u.Organisation is not null)
            .GroupBy(u => u.Organisation!, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Org: g.Key, Speakers: g.Select(u => u.Speaker!).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        if (members.Count != 2)
        {
            return;
        }

        var customerDomains = hints.Contacts.Select(c => c.Email).OfType<string>().ToList();
        bool IsOurs(int i) => members[i].Speakers.Any(x => sellers.Contains(Names.Key(x)) || labelled.Contains(x))
            || introducedCompanies.Any(c => SpeakerOrganisations.Same(c, members[i].Org));
        bool IsTheirs(int i) => members[i].Speakers.Any(customers.Contains)
            || (hints.AccountName is { } account && SpeakerOrganisations.Same(account, members[i].Org))
            || customerDomains.Any(e => SpeakerOrganisations.Same(e, members[i].Org));
        int Talk(int i) => members[i].Speakers.Sum(x => score.GetValueOrDefault(x));

        int ours;
        if (IsOurs(0) != IsOurs(1))
        {
            ours = IsOurs(0) ? 0 : 1;
        }
        else if (IsTheirs(0) != IsTheirs(1))
        {
            ours = IsTheirs(0) ? 1 : 0;
        }
        else if (Talk(0) != Talk(1))
        {
            ours = Talk(0) > Talk(1) ? 0 : 1;
        }
        else
        {
            return;
        }

        foreach (var speaker in members[ours].Speakers.Where(x => !customers.Contains(x)))
        {
            labelled.Add(speaker);
        }

        foreach (var speaker in members[1 - ours].Speakers.Where(x => !labelled.Contains(x)))
        {
            customers.Add(speaker);
        }
    }

    private void Add(string name)
    {
        sellers.Add(Names.Key(name));
        sellerFirstNames.Add(Names.FirstOf(name));
    }

    private void AddFirstName(string first) => introduced.Add(first.ToUpperInvariant());

    [GeneratedRegex(@"\b(?:thanks (?:everyone |all |again )?for (?:making the time|joining|signing|hopping on|the time|choosing)|hand(?:ing)? (?:you |\w+ )?over|handoff call|our customer success team|our (?:platform|product|tool|software|solution|app|implementation|onboarding|support|customer success|csm|engineers?|roadmap|integration team|solutions team|cloud engineers?|interface engineer|validation package|team will|gateway|edge devices)|your (?:team|go-live|account|seats|users|org|tenant|stores|sites|labs|clinics|dispatchers|custom objects|post history|cs folks)|account executive|solutions engineer|on the (?:contract|commercial side)|pricing-wise|contract-wise|as agreed|you'll (?:get|have)|who else should|makes sense|understood|got it|great to meet you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SellerTalk();

    [GeneratedRegex(@"\b(?:your (?:product|platform|tool|app|docs|pricing|quote|models|sensors|reminders|gcp support|script|soc 2|team already|gateway)|our (?:board|cfo|cio|coo|ceo|budget|it|legal|counsel|staff|drivers|stores|clinics|warehouse|regulator|works council|parent company|infosec|security|compliance|network|core|salesforce|workday|last vendor|current|team thinks|front desk|kitchen|plant|labs?|superintendents|owner|sales org|engineers|goal|objective|aim|priority|main)|I'm (?:the )?[a-z ]+ at \p{Lu}|I sponsored|I signed|I approved|we chose you|my (?:worry|concern|biggest|team|boss|replacement)|I'm worried|I'm the one who)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CustomerTalk();

    [GeneratedRegex(@"\b(?:this is )?(?<name>\p{Lu}[a-z]+),? our (?:solutions engineer|se|sales engineer|csm|customer success manager|implementation (?:lead|manager)|cto|ciso|product manager|pricing strategist|[A-Za-z]+ (?:engineer|strategist|lead|manager|specialist)|vp of [a-z ]+)\b|\b(?:on our side|from our side)[^.]{0,20}?\b(?:I'm \p{Lu}[a-z]+,\s*)?(?<name>\p{Lu}[a-z]+) (?:is back )?from (?:Pricing|Security|Legal|Product|Engineering)", RegexOptions.CultureInvariant)]
    private static partial Regex Colleague();

    [GeneratedRegex(@"\b(?:I'm|I am|my name is|this is)\s+(?<name>\p{Lu}[a-z]+)(?:\s\p{Lu}[a-z]+)?,?\s+(?:[a-z ,\-]{0,40}\s)?(?:from|with|at)\s+(?<company>\p{Lu}[\w&.\-]*(?:\s\p{Lu}[\w&.\-]*){0,3})", RegexOptions.CultureInvariant)]
    private static partial Regex SelfIntroduction();
}
