using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// The customer's people and their buying roles. A person is a name the deal knows (a customer-side
/// speaker, a CRM contact) or a given name with a surname in the text; their role comes from what
/// is said about them ("signs off on anything over fifty thousand" → economic buyer, "pushing for
/// this internally" → champion, "owns the integration" → technical, "the main day-to-day user" →
/// user), or failing that from a finance or engineering title. Our own people are never
/// stakeholders. One item per person: the sentence that says most about their role (with the
/// sentence just before it when that one gives their title).
/// </summary>
internal static partial class StakeholderFinder
{
    private sealed record Mention(string Key, string Name, StakeholderRole? Role, int Score, string? Title, int SentenceIndex, int Turn)
    {
        /// <summary>Where in the sentence the person's own part is, when a line lists several people (else the whole sentence).</summary>
        public (int From, int To)? Part { get; init; }
    }

    public static IEnumerable<Proposed<Stakeholder>> Find(IReadOnlyList<SentenceView> views, DealHints hints)
    {
        if (views.Count == 0)
        {
            yield break;
        }

        var sides = views[0].Sides;
        var people = Known(views, hints, sides);
        var byFirst = people.Values.GroupBy(Names.FirstOf).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var best = new Dictionary<string, Mention>(StringComparer.OrdinalIgnoreCase);
        var titled = new Dictionary<string, Mention>(StringComparer.OrdinalIgnoreCase);
        (string Name, int Turn)? last = null;

        foreach (var v in views)
        {
            if (v.IsQuestion || (!v.IsNote && v.BySeller && !v.SidesUnknown))
            {
                continue;
            }

            var mentions = Mentions(v, people, byFirst, sides, last);

            // "copy our CFO, Amanda", "Dana — our head of IT —": a customer naming a colleague by their job.
            foreach (var (name, role, title) in Appositions(v, people, byFirst, sides))
            {
                var m = new Mention(Names.Key(name), name, role, 3, title, v.Index, v.Sentence.Turn);
                titled.TryAdd(m.Key, m);
                if (!best.TryGetValue(m.Key, out var known) || known.Score < 3)
                {
                    best[m.Key] = m;
                }

                mentions.RemoveAll(x => Names.Key(x.Name) == m.Key);
            }

            if (mentions.Count == 0)
            {
                continue;
            }

            last = mentions.Count == 1 ? (mentions[0].Name, v.Sentence.Turn) : null;
            var listing = v.IsNote || v.Sentence.Speaker is null;
            for (var i = 0; i < mentions.Count; i++)
            {
                var from = i == 0 ? 0 : mentions[i - 1].End;
                // Two mentions can overlap (a known full name and a first name inside it): a segment never runs backwards.
                var to = Math.Max(from, i + 1 < mentions.Count ? mentions[i + 1].At : v.Text.Length);
                var segment = v.Text[from..to];
                var (role, score) = Role(segment, v.Label);
                if (listing && mentions[i].End > mentions[i].At && Contact(v.Text, mentions[i].End, to) is { } contact)
                {
                    // A contact line that states a buying role is the strongest evidence; a job title alone is weaker than what is said about the person.
                    (role, score) = (role ?? contact.Role, Math.Max(score, contact.Stated ? 4 : 2));
                }

                var title = Lexicon.Title().Match(segment) is { Success: true } t ? Tidy(t.Value) : null;
                var part = listing && mentions.Count > 1 ? Part(v.Text, mentions[i].At, to) : null;
                var m = new Mention(Names.Key(mentions[i].Name), mentions[i].Name, role, score, title, v.Index, v.Sentence.Turn) { Part = part };
                if (title is not null && !titled.ContainsKey(m.Key))
                {
                    titled[m.Key] = m;
                }

                if (role is not null && (!best.TryGetValue(m.Key, out var known) || known.Score < score))
                {
                    best[m.Key] = m;
                }
            }
        }

        foreach (var m in best.Values.OrderBy(m => m.SentenceIndex))
        {
            var sentence = views[m.SentenceIndex].Sentence;
            var start = sentence.Start;
            var title = m.Title;
            if (titled.TryGetValue(m.Key, out var t))
            {
                title ??= t.Title;
                if (t.SentenceIndex == m.SentenceIndex - 1 && t.Turn == m.Turn)
                {
                    start = views[t.SentenceIndex].Sentence.Start;
                }
            }

            var contact = hints.Contacts.FirstOrDefault(c => Names.Key(c.Name) == m.Key);
            var end = sentence.End;
            if (m.Part is { } p)
            {
                (start, end) = (sentence.Start + p.From, sentence.Start + p.To);
            }

            var quote = views[0].Source.Text[start..end];
            var confidence = m.Score >= 4 ? 0.9 : m.Score == 3 ? 0.8 : m.Score == 2 ? 0.7 : 0.5;
            yield return new Proposed<Stakeholder>(new Stakeholder(m.Name, contact?.Email, m.Role!.Value, title ?? contact?.Title), views[0].Source.Id, quote, confidence);
        }
    }

    /// <summary>Customer-side people this source knows by full name, by their comparison key.</summary>
    private static Dictionary<string, string> Known(IReadOnlyList<SentenceView> views, DealHints hints, SpeakerSides sides)
    {
        var people = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string name)
        {
            // "Dr. Patel" or "Mr. Johnson" is a person by the honorific alone; otherwise a given name and a surname.
            var key = Names.Key(name);
            if ((key.Contains(' ', StringComparison.Ordinal) || Names.HasHonorific(name)) && !sides.IsSellerName(name) && !people.ContainsKey(key))
            {
                people[key] = name.Trim();
            }
        }

        foreach (var speaker in views.Select(v => v.Sentence.Speaker).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            // A label's person, never the label itself: "Prospect (Priya – RevOps Director)" is Priya; "Sales Rep" is nobody.
            if (!views[0].IsNote && !sides.IsSeller(speaker) && SpeakerLabels.PersonOf(speaker) is { } person)
            {
                Add(person);
            }
        }

        foreach (var contact in hints.Contacts)
        {
            Add(contact.Name);
        }

        foreach (var v in views)
        {
            foreach (var c in Names.Candidates(v.Text))
            {
                if (Names.IsGivenName(c.First) && c.Name.Contains(' ', StringComparison.Ordinal) && !Lexicon.KnownVendor().IsMatch(c.Name))
                {
                    Add(c.Name);
                }
            }

            foreach (var honoured in Names.Honoured(v.Text))
            {
                Add(honoured);
            }

            // A contact table's row or an attendee entry names a person whatever their given name is: "| Dana Ruiz | VP Operations |", "Dana Ruiz (Acme, Platform Lead)".
            if (v.IsNote || v.Sentence.Speaker is null)
            {
                foreach (var row in ContactName().Matches(v.Text).Where(r => JobTitle().IsMatch(r.Groups["rest"].Value) && !VendorJob().IsMatch(r.Groups["rest"].Value)))
                {
                    Add(row.Groups["name"].Value);
                }
            }
        }

        return people;
    }

    private static List<(string Name, int At, int End)> Mentions(SentenceView v, Dictionary<string, string> people, Dictionary<string, string> byFirst, SpeakerSides sides, (string Name, int Turn)? last)
    {
        var found = new List<(string Name, int At, int End)>();
        foreach (var c in Names.Candidates(v.Text))
        {
            var key = Names.Key(c.Name);
            var name = people.GetValueOrDefault(key)
                ?? (!key.Contains(' ', StringComparison.Ordinal) ? byFirst.GetValueOrDefault(key) : null);
            if (name is not null && !sides.IsSellerName(name) && found.All(f => Names.Key(f.Name) != Names.Key(name)))
            {
                found.Add((name, c.Index, c.Index + c.Length));
            }
        }

        // The speaker talking about themselves ("I'm the CFO", "Bjorn, I'm the OT engineer", "Omar here").
        if (!v.IsNote && v.ByCustomer && SpeakerLabels.PersonOf(v.Sentence.Speaker) is { } speaker && SelfReference().Match(v.Text) is { Success: true } self
            && (self.Groups["name"].Value.Length == 0 || string.Equals(self.Groups["name"].Value, Names.FirstOf(speaker), StringComparison.OrdinalIgnoreCase))
            && found.All(f => Names.Key(f.Name) != Names.Key(speaker)) && !speaker.StartsWith("Speaker", StringComparison.Ordinal)
            && !ThirdParty().IsMatch(v.Text))
        {
            var name = people.GetValueOrDefault(Names.Key(speaker)) ?? speaker;
            found.RemoveAll(f => Names.FirstOf(f.Name) == Names.FirstOf(speaker));
            found.Add((name, self.Index, self.Index + self.Length));
        }

        // "He owns the integration…" right after a sentence about one person.
        // In notes a line is about the person it starts with ("Sienna Park - Head of… Brought us in…").
        if (found.Count == 0 && last is { } l && l.Turn == v.Sentence.Turn && ((v.IsNote && !Plural().IsMatch(v.Text)) || Pronoun().IsMatch(v.Text)))
        {
            found.Add((l.Name, 0, 0));
        }

        found.Sort((a, b) => a.At.CompareTo(b.At));
        return found;
    }

    private static (StakeholderRole? Role, int Score) Role(string segment, string? label)
    {
        if (label is "EB" || (label?.Contains("ECONOMIC", StringComparison.Ordinal) ?? false))
        {
            return (StakeholderRole.EconomicBuyer, 3);
        }

        if (ExplicitChampion().IsMatch(segment))
        {
            return (StakeholderRole.Champion, 3);
        }

        if (Lexicon.EconomicBuyerCue().IsMatch(segment))
        {
            return (StakeholderRole.EconomicBuyer, 3);
        }

        if (Lexicon.ChampionCue().IsMatch(segment))
        {
            return (StakeholderRole.Champion, 3);
        }

        if (Lexicon.UserCue().IsMatch(segment))
        {
            return (StakeholderRole.User, 2);
        }

        if (Lexicon.TechnicalCue().IsMatch(segment))
        {
            return (StakeholderRole.Technical, 2);
        }

        if (Lexicon.FinanceTitle().IsMatch(segment))
        {
            return (StakeholderRole.EconomicBuyer, 1);
        }

        return Lexicon.TechnicalTitle().IsMatch(segment) ? (StakeholderRole.Technical, 1) : (null, 0);
    }

    /// <summary>
    /// A contact line (notes, a table row, an attendee list): the name directly followed by a separator and a job title or
    /// a buying role in the person's own part ("| Dana Ruiz | VP Operations |", "Dana Ruiz (Acme, Platform Lead)",
    /// "Client: Dana Ruiz, CFO of Acme", "Dana Ruiz — dana@acme.example (primary contact)"). Returns the role the line gives
    /// and whether the line states it (a buying role) or it comes from the title alone, or null when it is not a contact
    /// line or names one of the vendor's own jobs (account executive, sales engineer…).
    /// </summary>
    internal static (StakeholderRole Role, bool Stated)? Contact(string text, int end, int to)
    {
        if (to <= end)
        {
            return null;
        }

        var after = text[end..to];
        if (!ContactSeparator().IsMatch(after) || VendorJob().IsMatch(after))
        {
            return null;
        }

        if (ContactRole().IsMatch(after) || ExplicitChampion().IsMatch(after))
        {
            return (Lexicon.EconomicBuyerCue().IsMatch(after) || ExecutiveTitle().IsMatch(after) ? StakeholderRole.EconomicBuyer : StakeholderRole.Champion, true);
        }

        if (!JobTitle().IsMatch(after))
        {
            return null;
        }

        return (ExecutiveTitle().IsMatch(after) || Lexicon.FinanceTitle().IsMatch(after) ? StakeholderRole.EconomicBuyer
            : Lexicon.TechnicalTitle().IsMatch(after) ? StakeholderRole.Technical
            : StakeholderRole.User, false);
    }

    /// <summary>
    /// Colleagues a customer names by their job in apposition: "our CFO, Amanda", "my engineering lead, David Park",
    /// "our CFO—her name is Amanda", "Dana Ruiz, our head of IT", "Dana — our CTO —". Only in the customer's own words
    /// (in notes and from our side "our" is the vendor); the name must be a known person or a given name, never ours.
    /// </summary>
    private static IEnumerable<(string Name, StakeholderRole Role, string Title)> Appositions(SentenceView v, Dictionary<string, string> people, Dictionary<string, string> byFirst, SpeakerSides sides)
    {
        if (v.IsNote || v.SidesUnknown || !v.ByCustomer)
        {
            yield break;
        }

        foreach (var m in ColleagueBefore().Matches(v.Text).Concat(ColleagueAfter().Matches(v.Text)))
        {
            var raw = m.Groups["name"].Value;
            var key = Names.Key(raw);
            var name = people.GetValueOrDefault(key) ?? (!key.Contains(' ', StringComparison.Ordinal) ? byFirst.GetValueOrDefault(key) : null)
                ?? (Names.IsGivenName(Names.FirstOf(raw)) ? raw : null);
            if (name is null || sides.IsSellerName(name) || VendorJob().IsMatch(m.Groups["title"].Value))
            {
                continue;
            }

            var title = m.Groups["title"].Value;
            var role = ExecutiveTitle().IsMatch(title) || Lexicon.FinanceTitle().IsMatch(title) ? StakeholderRole.EconomicBuyer
                : Lexicon.TechnicalTitle().IsMatch(title) || TechnicalArea().IsMatch(title) ? StakeholderRole.Technical
                : StakeholderRole.User;
            yield return (name, role, Tidy(title));
        }
    }

    /// <summary>One person's part of a line that lists several: from their name to the next name, without the separator between.</summary>
    private static (int From, int To)? Part(string text, int at, int to)
    {
        if (to <= at)
        {
            return null;
        }

        var part = text[at..to].TrimEnd(' ', ',', ';', '|', '/', '\t');
        return part.Length >= Grounding.MinQuoteChars ? (at, at + part.Length) : null;
    }

    private static string Tidy(string title)
    {
        var t = title.Trim().TrimEnd(',', '.');
        return t.Length > 0 ? char.ToUpperInvariant(t[0]) + t[1..] : t;
    }

    [GeneratedRegex(@"\b(?:champion\w*|sponsor\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitChampion();

    private const string ColleagueTitle = @"(?<title>c[efoitmp]o|ciso|chief [a-z]+ officer|(?:svp|evp|vp)(?: of)? [a-z&]+(?: [a-z&]+)?|vice president of [a-z&]+|head of [a-z&]+(?: [a-z&]+)?|director of [a-z&]+(?: [a-z&]+)?|(?:[a-z]+ )?(?:lead|manager|director|engineer|architect|administrator|counsel|controller)|founder|co-founder|president|owner)";

    [GeneratedRegex(@"\b(?:our|my)\s+" + ColleagueTitle + @"\s*(?:,|—|–|\s-\s|:)\s*(?:(?:her|his|their) name is\s+)?(?-i:(?<name>\p{Lu}[a-z]+(?:\s+\p{Lu}[a-z]+)?))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ColleagueBefore();

    [GeneratedRegex(@"(?-i:(?<name>\b\p{Lu}[a-z]+(?:\s+\p{Lu}[a-z]+)?))\s*(?:,|—|–|\s-)\s*(?:who(?:'s| is)\s+)?(?:our|my)\s+" + ColleagueTitle + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ColleagueAfter();

    [GeneratedRegex(@"\b(?:it|engineering|technology|tech|security|data|devops|platform|infrastructure|systems)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TechnicalArea();

    /// <summary>Right after a name: a table cell, a bracket, a dash or a comma ("**Dana Ruiz** |", "Dana Ruiz (", "Dana Ruiz —").</summary>
    [GeneratedRegex(@"^\s*(?:\*\*|__)?\s*(?:\||\(|—|–|-\s|,|:)", RegexOptions.CultureInvariant)]
    private static partial Regex ContactSeparator();

    [GeneratedRegex(@"(?:^\s*\|\s*(?:\*\*)?(?<name>\p{Lu}[a-z]+(?:[- ]\p{Lu}[a-z']+)+)(?:\*\*)?\s*\|(?<rest>[^|]*\|?[^|]*)|(?<name>\b\p{Lu}[a-z]+(?: \p{Lu}[a-z']+)+)\s+\((?<rest>[^()]{2,80})\))", RegexOptions.CultureInvariant)]
    private static partial Regex ContactName();

    /// <summary>Job titles (a generic lexicon of titles, not any source's words).</summary>
    [GeneratedRegex(@"\b(?:chief [a-z]+ officer|c[efoitmrp]o|ciso|svp|evp|vp|vice president|director|dir\.|head of|manager|lead|engineer|architect|developer|administrator|analyst|specialist|coordinator|consultant|designer|marketer|strategist|officer|president|founder|co-founder|owner|partner|principal|superintendent|treasurer|controller|counsel|buyer|evaluator|procurement|purchasing)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobTitle();

    [GeneratedRegex(@"\b(?:ceo|cfo|coo|chief executive|chief financial|president|founder|co-founder|owner|managing partner|executive sponsor|general manager)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExecutiveTitle();

    /// <summary>A buying role stated on a contact line ("primary contact", "decision maker").</summary>
    [GeneratedRegex(@"\b(?:primary contact|main contact|point of contact|key contact|decision[- ]maker|decision driver|budget holder|budget owner|economic buyer|signer|signatory|end user|(?:technical )?evaluator|influencer|approver)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContactRole();

    /// <summary>The vendor's own jobs on an attendee line (they are our people, never stakeholders).</summary>
    [GeneratedRegex(@"\b(?:account executive|AE\b|sales engineer|solutions? (?:engineer|architect|consultant)|sales rep\w*|customer success manager|CSM\b|account manager|SDR\b|BDR\b|sales director|sales manager)", RegexOptions.CultureInvariant)]
    private static partial Regex VendorJob();

    /// <summary>Someone else is the subject of the role ("our CEO approved", "they'll sign"): the speaker's words are not about the speaker.</summary>
    [GeneratedRegex(@"\b(?:(?:our|my|the|their) (?:ceo|cfo|cto|coo|board|boss|founder|owner|vp|head|director|leadership|manager|president|team)(?: of [a-z]+)?\s+(?:already\s+|just\s+|also\s+)?(?:approved|approves|signs?|signed|decides?|decided|holds|owns|controls|makes|made|wants|has the final|will (?:sign|approve|decide))|they(?:'ll| will)? (?:sign|approve|decide))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThirdParty();

    /// <summary>A notes line about a group ("they", "we"), not the person named on the line before.</summary>
    [GeneratedRegex(@"\b(?:they|they'll|we|we're|their|our)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Plural();

    [GeneratedRegex(@"\bI(?:'m|'ve|'ll|'d)?\b|\bmy\b|^\s*(?:(?:yeah|yes|hi|so),?\s+)?(?<name>\p{Lu}[a-z]+)(?: \p{Lu}[a-z]+)?(?:,| here\b)|\bthat's me\b", RegexOptions.CultureInvariant)]
    private static partial Regex SelfReference();

    [GeneratedRegex(@"^\s*(?:and |also )?(?:he|she)(?:'s|'ll| is| will| has| owns| runs| holds| signs| approved| controls| wants)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pronoun();
}
