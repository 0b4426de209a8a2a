using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Person names in running text: a capitalised first name from a lexicon of common given names
/// (many languages), optionally a title and a surname; or any name the deal already knows (a
/// speaker, a CRM contact). Products and vendors ("Oracle Retail", "Culture Amp") are not people
/// because their first word is not a given name.
/// </summary>
internal static partial class Names
{
    private static readonly HashSet<string> Given = new(
        """
        aaron abby abdul abigail ada adam adrian ahmed aisha alan albert alex alexander alexandra alexis ali alice alicia alison amanda amara amber amelia amir amit amy ana anand andre andrea andrew andy angela anita ann anna anne anthony anton antonio arjun arthur ashley audrey ava avery barbara ben benjamin beth bill bjorn blake bob brad brandon brenda brian bruce bryan caleb cameron camila carl carla carlos carmen carol caroline casey catherine cecilia chad charles charlie charlotte chen chloe chris christian christina christine christopher cindy claire clara claudia colin connor craig cynthia daisuke dan dana daniel daniela danielle dave david dean deborah deepak denise dennis derek diana diane diego dimitri dmitri dominic donald donna doug douglas dylan ed eddie edward elena eli elijah elizabeth ella ellen emily emma eric erica erik erin ethan eva evan fatima felipe felix fernando fiona francesca francisco frank frederik gabriel gabriela gary gavin george gerald glen glenn gloria grace graham greg gregory hannah hans harold harper harry heather helen henrik henry hiroshi holly hugo ian ibrahim igor ingrid irene isaac isabel isabella ivan jack jackie jacob jake james jamal jamie jan jane janet jason javier jay jean jeff jeffrey jennifer jeremy jerry jess jessica jill jim joan joe joel johan john jon jonah jonas jonathan jordan jorge jose joseph josh joshua joy juan judith julia julian julie justin kai karen karl kate katherine kathy katie kayla keith kelly ken kenji kenneth kevin kim kimberly kofi kristen kurt kwame kyle lars laura lauren leah lena leo leon liam lily linda lisa liz logan lorenzo lucas lucia lucy luis luke lynn madison maggie malik marco marcus margaret maria marie marina mario mark marta martin mary matt matthew maya megan mei melissa mia michael michelle miguel mike min mohammed monica morgan nadia nancy naomi natalie nathan neil nicholas nick nicole nina noah nora olga oliver olivia omar oscar owen pablo pam patricia patrick paul paula pedro pete peter philip pierre priya rachel rafael raj rajesh ralph ramon randy raymond rebecca richard rick rita rob robert robin rosa ruth ryan sabrina sam samantha samuel sandra sara sarah scott sean sergei shannon sharon simon sofia sophia sophie stacy stephanie stephen steve steven stuart sunita susan suzanne tanya tara taylor ted teresa terry thomas tim timothy tina todd tom tony tracy travis tyler valerie vanessa victor victoria vikram vincent walter wayne wei wendy william xavier yasmin yuki yusuf zach zoe
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    public static bool IsGivenName(string token) => Given.Contains(token);

    /// <summary>Name-shaped spans: optional honorific, a capitalised word, optional capitalised surname.</summary>
    /// <summary>
    /// Within each run of capitalised words ("And Tom Becker", "Dr. Amara Okafor"): every word with
    /// the word after it, and every word alone — the caller decides which of them is a person.
    /// </summary>
    public static IEnumerable<(string Name, string First, int Index, int Length)> Candidates(string text)
    {
        foreach (Match run in Run().Matches(text))
        {
            var words = run.Groups["w"].Captures;
            for (var i = 0; i < words.Count; i++)
            {
                var w = words[i];
                if (i + 1 < words.Count)
                {
                    var next = words[i + 1];
                    yield return (text[w.Index..(next.Index + next.Length)], w.Value, w.Index, next.Index + next.Length - w.Index);
                }

                yield return (w.Value, w.Value, w.Index, w.Length);
            }
        }
    }

    /// <summary>"Dr. Amara Okafor" → "Amara Okafor" for comparisons; honorifics are kept for display.</summary>
    public static string Key(string name) => Honorific().Replace(name, "").Trim().ToUpperInvariant();

    public static bool HasHonorific(string name) => Honorific().IsMatch(name.Trim());

    /// <summary>"Dr. Patel", "Mrs. Alvarez-Cruz", "Mr. Johnson": people named by honorific and surname.</summary>
    public static IEnumerable<string> Honoured(string text) => HonorificName().Matches(text).Select(m => m.Value);

    public static string FirstOf(string name) => Key(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    [GeneratedRegex(@"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|Captain|Capt)\.?\s+)?\b(?<w>(?:Mc|Mac|O')?\p{Lu}[a-z]+(?:-\p{Lu}[a-z]+)?)(?:\s+(?<w>(?:Mc|Mac|O')?\p{Lu}[a-z]+(?:-\p{Lu}[a-z]+)?))*\b", RegexOptions.CultureInvariant)]
    private static partial Regex Run();

    [GeneratedRegex(@"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Captain|Capt)\.?\s+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Honorific();

    [GeneratedRegex(@"\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+\p{Lu}[a-z]+(?:-\p{Lu}[a-z]+)?(?:\s+\p{Lu}[a-z]+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex HonorificName();
}
