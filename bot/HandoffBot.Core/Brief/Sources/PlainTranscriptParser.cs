using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Plain "Speaker: text" transcripts, optionally timestamped ("[00:12:41] Dana: …", "Dana (12:41): …"),
/// or Otter's text export ("Dana Ruiz  12:41" or "Unknown Speaker  1:02:03" on its own line, the words
/// below, a blank line; its "Transcribed by https://otter.ai" footer is dropped). A line without a
/// speaker continues the previous turn — except under a notes heading ("Key points", "Next steps",
/// "Action items", "Decisions", "Highlights"): the lines below it are items of no speaker, each on its
/// own, a task list's checkbox left out ("- [ ] Avery: send…" is the item "Avery: send…"), until the
/// next speaker line.
/// </summary>
internal static partial class PlainTranscriptParser
{
    public static SourceReadResult Parse(BriefSource source, string[] lines)
    {
        var builder = new ParsedSourceBuilder();
        var organisations = SpeakerOrganisations.Read(lines.Select(l => SpeakerLine.TryParse(l.Trim().TrimStart('\uFEFF'), out var who, out _, out _) ? who : null).OfType<string>());
        string? speaker = null;
        string? organisation = null;
        TimeSpan? offset = null;
        var turn = new List<string>();
        int headers = 0, named = 0;
        var items = false;

        // Each line is its own utterance (one turn, the same speaker): lines are trimmed, so a quote
        // across two of them would not be in the file as written — except where a line stops
        // mid-sentence and the next goes on in lower case (a wrapped paragraph): those are one
        // utterance, joined by the line break the file has.
        void Flush()
        {
            string? pending = null;
            foreach (var line in turn)
            {
                if (pending is not null && CueMerger.ContinuesSentence(pending, line))
                {
                    pending += "\n" + line;
                    continue;
                }

                if (pending is not null)
                {
                    builder.Add(speaker, offset, pending, organisation: organisation);
                }

                pending = line;
            }

            if (pending is not null)
            {
                builder.Add(speaker, offset, pending, organisation: organisation);
            }

            turn.Clear();
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || IsOtterFooter(line))
            {
                Flush();
                continue;
            }

            if (NotesHeading().IsMatch(line))
            {
                Flush();
                (speaker, offset, organisation, items) = (null, null, null, true);
                continue;
            }

            if (items && Item().Match(line) is { Success: true } item)
            {
                Flush();
                builder.Add(null, null, item.Groups["text"].Value);
                continue;
            }

            if (SpeakerLine.TryParse(line, out var who, out var at, out var text))
            {
                Flush();
                items = false;
                named++;
                (speaker, offset, organisation) = organisations.TryGetValue(who, out var split) ? (split.Speaker, at, split.Organisation) : (who, at, null);
                turn.Add(text);
            }
            else if (SpeakerLine.TryParseHeader(line, out var headerSpeaker, out var headerAt))
            {
                Flush();
                headers++;
                (speaker, offset) = (headerSpeaker ?? speaker, headerAt);
                organisation = headerSpeaker is null ? organisation : null;
            }
            else
            {
                turn.Add(line);
            }
        }

        Flush();
        if (builder.Count == 0)
        {
            return SourceReadResult.Fail(source, "has no text.");
        }

        builder.Shape = headers > named ? "plain text, Otter-style \"Name  0:03\" headers" : named > 0 ? "plain text, \"Name: text\" lines" : "plain text, no speaker names";
        return new(builder.Build(source), null);
    }

    [GeneratedRegex(@"^(?:#{1,6}\s*)?(?:\*\*|__)?(?:key (?:points|takeaways)|highlights|takeaways|next steps?|action items?|actions|decisions(?: made)?|summary|to ?dos?)(?:\*\*|__)?\s*:?(?:\*\*|__)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotesHeading();

    /// <summary>A bullet or numbered item, its checkbox (if a task list) part of the marker: the text is what follows.</summary>
    [GeneratedRegex(@"^(?:[-*•·▪◦‣–+]|\d{1,2}[.)])\s+(?:\[[ xX]\]\s+)?(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Item();

    private static bool IsOtterFooter(string line) =>
        line.StartsWith("Transcribed by ", StringComparison.OrdinalIgnoreCase) && line.Contains("otter.ai", StringComparison.OrdinalIgnoreCase) && line.Length < 60;
}
