using System.Net;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// SubRip (.srt): numbered cues with "HH:MM:SS,mmm --> HH:MM:SS,mmm" timings; speakers from "Name:"
/// (Otter's SRT export with speaker names on) or "[Name]"; an unnamed cue continues the last speaker,
/// and a sentence cut over cues (Otter's 32-character lines) is joined back (<see cref="CueMerger"/>).
/// </summary>
internal static partial class SrtParser
{
    public static SourceReadResult Parse(BriefSource source, string[] lines)
    {
        if (SourceSniffer.Guess(lines) != Handoffs.TranscriptFormat.Srt)
        {
            return SourceReadResult.Fail(source, "is not SRT: it must start with a cue number and a timing line" + SourceSniffer.Hint(lines));
        }

        var cues = new CueCollector(source, "cues", merge: true);
        var speakerCues = 0;
        string? lastSpeaker = null;
        var i = 0;
        while (i < lines.Length)
        {
            if (lines[i].Trim().Length == 0)
            {
                i++;
                continue;
            }

            var blockStart = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Trim().Length > 0)
            {
                block.Add(lines[i++]);
            }

            var timing = block.FindIndex(l => l.Contains("-->", StringComparison.Ordinal));
            if (timing < 0 || timing > 1)
            {
                cues.Broken(blockStart + 1, "a cue without a timing line (HH:MM:SS,mmm --> HH:MM:SS,mmm)");
                continue;
            }

            if (!CueTimings.TryParse(block[timing], out var start, out var end, out var problem))
            {
                cues.Broken(blockStart + timing + 1, problem);
                continue;
            }

            var text = WebUtility.HtmlDecode(Tag().Replace(string.Join("\n", block.Skip(timing + 1)), ""));
            string? speaker = null;
            var bracket = Bracketed().Match(text);
            if (bracket.Success)
            {
                speaker = bracket.Groups["name"].Value;
                text = text[bracket.Length..];
            }
            else if (SpeakerLine.TryParse(text.Split('\n')[0], out var named, out _, out var rest))
            {
                speaker = named;
                text = rest + (text.IndexOf('\n') is var nl and >= 0 ? text[nl..] : "");
            }

            // Subtitles name the speaker when it changes; an unnamed cue continues the last speaker.
            speakerCues += speaker is null ? 0 : 1;
            speaker ??= lastSpeaker;
            lastSpeaker = speaker;
            cues.Add(speaker, start, text, end: end);
        }

        cues.Shape = speakerCues > 0 ? "SRT, \"Name:\" speaker prefixes" : "SRT, no speaker names";
        return cues.Finish();
    }

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s*\[(?<name>(?:[^\[\]\n]|\[[^\[\]\n]*\]){1,40})\]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Bracketed();
}
