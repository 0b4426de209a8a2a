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
    private sealed record Mention(string Key, string Name, StakeholderRole? Role, int Score, string? Title, int SentenceIndex, int Turn);

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
            if (mentions.Count == 0)
            {
                continue;
            }

            last = mentions.Count == 1 ? (mentions[0].Name, v.Sentence.Turn) : null;
            for (var i = 0; i < mentions.Count; i++)
            {
                var from = i == 0 ? 0 : mentions[i - 1].End;
                var to = i + 1 < mentions.Count ? mentions[i + 1].At : v.Text.Length;
                var segment = v.Text[from..to];
                var (role, score) = Role(segment, v.Label);
                var title = Lexicon.Title().Match(segment) is { Success: true } t ? Tidy(t.Value) : null;
                var m = new Mention(Names.Key(mentions[i].Name), mentions[i].Name, role, score, title, v.Index, v.Sentence.Turn);
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
            var quote = views[0].Source.Text[start..sentence.End];
            var confidence = m.Score >= 3 ? 0.8 : m.Score == 2 ? 0.7 : 0.5;
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
            && found.All(f => Names.Key(f.Name) != Names.Key(speaker)) && !speaker.StartsWith("Speaker", StringComparison.Ordinal))
        {
            var name = people.GetValueOrDefault(Names.Key(speaker)) ?? speaker;
            found.RemoveAll(f => Names.FirstOf(f.Name) == Names.FirstOf(speaker));
            found.Add((name, self.Index, self.Index + self.Length));
        }

        // "He owns the integration…" right after a sentence about one person.
        // In notes a line is about the person it starts with ("Sienna Park - Head of… Brought us in…").
        if (found.Count == 0 && last is { } l && l.Turn == v.Sentence.Turn && (v.IsNote || Pronoun().IsMatch(v.Text)))
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

    private static string Tidy(string title)
    {
        var t = title.Trim().TrimEnd(',', '.');
        return t.Length > 0 ? char.ToUpperInvariant(t[0]) + t[1..] : t;
    }

    [GeneratedRegex(@"\b(?:champion\w*|sponsor\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitChampion();

    [GeneratedRegex(@"\bI(?:'m|'ve|'ll|'d)?\b|\bmy\b|^\s*(?:(?:yeah|yes|hi|so),?\s+)?(?<name>\p{Lu}[a-z]+)(?: \p{Lu}[a-z]+)?(?:,| here\b)|\bthat's me\b", RegexOptions.CultureInvariant)]
    private static partial Regex SelfReference();

    [GeneratedRegex(@"^\s*(?:and |also )?(?:he|she)(?:'s|'ll| is| will| has| owns| runs| holds| signs| approved| controls| wants)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pronoun();
}
