using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>What a notes section heading says its lines are ("Risks:", "What we committed", "Commercials").</summary>
internal enum Section
{
    None,
    Commitments,
    NotCommitted,
    Goals,
    Success,
    People,
    Risks,
    Terms,
    NextSteps,
}

/// <summary>One sentence of a source: a span of its text, who said it, and (in notes) the section it sits in.</summary>
internal sealed record Sentence(int Start, int Length, string Text, string? Speaker, int Turn, Section Section, string? LineLabel)
{
    public int End => Start + Length;
}

/// <summary>
/// Splits a source into sentences. Transcripts: consecutive cues of one speaker form a turn; a sentence
/// ends at its cue's end (a quote must be verbatim in the file). Notes: every line stands alone (bullets are not
/// sentences that run on), and headings set the section of the lines below them.
/// </summary>
internal static partial class Segmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "vs", "e.g", "i.e", "approx", "st", "jr", "sr", "no", "dept", "capt", "gen", "mt", "llc", "llp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    public static List<Sentence> Split(ParsedSource source)
    {
        var result = new List<Sentence>();
        if (source.Kind == SourceKind.Transcript)
        {
            var turn = 0;
            var i = 0;
            var us = source.Utterances;
            while (i < us.Count)
            {
                var j = i;
                while (j + 1 < us.Count && string.Equals(us[j + 1].Speaker, us[i].Speaker, StringComparison.Ordinal))
                {
                    j++;
                }

                // One turn, but a sentence never runs past its cue or item: a quote must be verbatim in
                // the file, and between two cues the file has timings, between two JSON items syntax.
                for (var k = i; k <= j; k++)
                {
                    SplitSpan(source.Text, us[k].Start, us[k].End, us[i].Speaker, turn, Section.None, null, result);
                }

                turn++;
                i = j + 1;
            }

            return result;
        }

        var section = Section.None;
        var line = 0;
        foreach (var u in source.Utterances)
        {
            var text = source.TextOf(u);
            var bullet = Bullet().Match(text);
            var start = u.Start + bullet.Length;
            var body = text[bullet.Length..];
            if (Heading(text, bullet.Length > 0 && !text.TrimStart().StartsWith('#')) is { } heading)
            {
                section = heading;
                continue;
            }

            string? label = null;
            var lineSection = section;
            var labelled = InlineLabel().Match(body);
            if (labelled.Success)
            {
                label = labelled.Groups["label"].Value.ToUpperInvariant();
                lineSection = Classify(label) is { } named and not Section.People ? named : section;
            }

            SplitSpan(source.Text, start, u.End, u.Speaker, line++, lineSection, label, result);
        }

        return result;
    }

    /// <summary>A heading line: "Risks:", "## Goals", "What we committed", "Who's who". Null when the line is content.</summary>
    private static Section? Heading(string line, bool bulleted)
    {
        var trimmed = line.Trim().TrimStart('#').Trim();
        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var isHeading = line.TrimStart().StartsWith('#')
            || (!bulleted && words <= 5 && trimmed.EndsWith(':'))
            || (!bulleted && words <= 6 && trimmed.Length > 0 && !char.IsPunctuation(trimmed[^1]) && !trimmed.Any(char.IsDigit) && SectionName().IsMatch(trimmed));
        if (!isHeading)
        {
            return null;
        }

        return Classify(trimmed) ?? Section.None;
    }

    /// <summary>The section a heading or an inline "Label:" names, or null when it names none.</summary>
    public static Section? Classify(string name)
    {
        var match = SectionName().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var key = match.Value.ToUpperInvariant();

        // "Goals for next session", "Call objectives", "Agenda": the meeting's aims, not the customer's.
        if (MeetingScope().IsMatch(name) && key is not ("RISKS" or "RISK" or "CONCERNS" or "CONCERN"))
        {
            return key.Contains("NEXT STEP", StringComparison.Ordinal) || key.Contains("ACTION", StringComparison.Ordinal) ? Section.NextSteps : Section.None;
        }

        return key switch
        {
            "BUYING COMMITTEE" or "KEY PEOPLE" or "WHO MATTERS" or "PEOPLE" or "CONTACTS" or "STAKEHOLDERS" or "WHO'S WHO" or "TEAM" => Section.People,
            _ when key.StartsWith("NOT COMMIT", StringComparison.Ordinal) || key.StartsWith("NO COMMIT", StringComparison.Ordinal) => Section.NotCommitted,
            _ when key.Contains("NEXT STEP", StringComparison.Ordinal) || key.Contains("ACTION", StringComparison.Ordinal) || key.Contains("TO DO", StringComparison.Ordinal) => Section.NextSteps,
            _ when key.Contains("COMMIT", StringComparison.Ordinal) || key.Contains("PROMISE", StringComparison.Ordinal) || key.Contains("AGREED", StringComparison.Ordinal) => Section.Commitments,
            _ when key.Contains("SUCCESS", StringComparison.Ordinal) || key.Contains("KPI", StringComparison.Ordinal) || key.Contains("METRIC", StringComparison.Ordinal) => Section.Success,
            _ when key.Contains("GOAL", StringComparison.Ordinal) || key.Contains("OBJECTIVE", StringComparison.Ordinal) || key.Contains("WANT", StringComparison.Ordinal) || key.Contains("WHY THEY", StringComparison.Ordinal) || key.Contains("PRIORIT", StringComparison.Ordinal) => Section.Goals,
            _ when key.Contains("RISK", StringComparison.Ordinal) || key.Contains("CONCERN", StringComparison.Ordinal) || key.Contains("WATCH", StringComparison.Ordinal) || key.Contains("WORR", StringComparison.Ordinal) || key.Contains("FLAG", StringComparison.Ordinal) || key.Contains("ISSUE", StringComparison.Ordinal) => Section.Risks,
            _ when key.Contains("TERM", StringComparison.Ordinal) || key.Contains("COMMERCIAL", StringComparison.Ordinal) || key.Contains("CONTRACT", StringComparison.Ordinal) || key.Contains("PRICING", StringComparison.Ordinal) => Section.Terms,
            _ => Section.People,
        };
    }

    private static void SplitSpan(string text, int from, int to, string? speaker, int turn, Section section, string? label, List<Sentence> into)
    {
        var start = SkipSpace(text, from, to);
        for (var i = start; i < to; i++)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            while (end < to && text[end] is '.' or '!' or '?' or '"' or '\'' or ')' or '’' or '”')
            {
                end++;
            }

            if (end < to && !char.IsWhiteSpace(text[end]))
            {
                continue;
            }

            var next = SkipSpace(text, end, to);
            if (next < to && !(char.IsUpper(text[next]) || char.IsDigit(text[next]) || text[next] is '"' or '“' or '(' or '['))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(text, start, i))
            {
                continue;
            }

            Add(text, start, end, speaker, turn, section, label, into);
            start = next;
            i = next - 1;
        }

        if (start < to)
        {
            Add(text, start, to, speaker, turn, section, label, into);
        }
    }

    private static void Add(string text, int start, int end, string? speaker, int turn, Section section, string? label, List<Sentence> into)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end - start >= 3)
        {
            into.Add(new Sentence(start, end - start, text[start..end], speaker, turn, section, label));
        }
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var w = dot;
        while (w > sentenceStart && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        var word = text[w..dot];
        return word.Length == 1 && char.IsUpper(word[0]) || Abbreviations.Contains(word);
    }

    private static int SkipSpace(string text, int i, int to)
    {
        while (i < to && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    // A task-list checkbox ("- [ ] ", "* [x] ") is part of the bullet: the item, and its quote, start after it.
    [GeneratedRegex(@"^\s*(?:[-*•·▪◦‣–]\s+(?:\[[ xX]\]\s+)?|\d{1,2}[.)]\s+(?:\[[ xX]\]\s+)?|\[[ xX]\]\s+|#+\s*)?")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?<label>[A-Za-z][A-Za-z /&'-]{1,45}?)\s*(?::|=)\s+\S")]
    private static partial Regex InlineLabel();

    [GeneratedRegex(@"not committed|no commitments?|we agreed to|what we agreed|next steps?|action items?|to do|\bcommit(?:ted|ments?)?\b|\bpromise[sd]?\b|success\w*|kpis?|metrics?|goals?|objectives?|what they want|why they bought|priorit\w+|risks?|concerns?|watch[ -]outs?|worries|(?:red )?flags?|issues|who matters|key people|terms|commercials?|contract|pricing|people|contacts|stakeholders|buying committee|who's who|team", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SectionName();

    [GeneratedRegex(@"\b(?:(?:next|this|follow[- ]up|the|our|today'?s)\s+(?:session|meeting|call|demo|sync)|agenda|(?:meeting|call|session|demo)\s+(?:goals?|objectives?|aims?|purpose))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeetingScope();
}
