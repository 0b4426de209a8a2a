using System.Net;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// WebVTT (Teams, Zoom, Meet exports): cues with timings, speakers from &lt;v Name&gt; voice tags or a
/// "Name:" prefix. NOTE/STYLE/REGION blocks are skipped. A cue with broken timings is skipped and
/// reported; when most cues are broken the file is refused as a whole.
/// </summary>
internal static partial class VttParser
{
    public static SourceReadResult Parse(BriefSource source, string[] lines)
    {
        var first = lines.Length > 0 ? lines[0].TrimStart('\uFEFF') : "";
        if (!first.StartsWith("WEBVTT", StringComparison.Ordinal))
        {
            return SourceReadResult.Fail(source, "is not WebVTT: the first line must be WEBVTT" + SourceSniffer.Hint(lines));
        }

        var cues = new CueCollector(source, "cues");
        var i = 1;
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

            var head = block[0].TrimStart();
            if (head.StartsWith("NOTE", StringComparison.Ordinal) || head.StartsWith("STYLE", StringComparison.Ordinal) || head.StartsWith("REGION", StringComparison.Ordinal))
            {
                continue;
            }

            var timing = block.FindIndex(l => l.Contains("-->", StringComparison.Ordinal));
            if (timing < 0 || timing > 1)
            {
                cues.Broken(blockStart + 1, "a cue without a timing line (HH:MM:SS.mmm --> HH:MM:SS.mmm)");
                continue;
            }

            if (!CueTimings.TryParse(block[timing], out var start, out var problem))
            {
                cues.Broken(blockStart + timing + 1, problem);
                continue;
            }

            var text = string.Join("\n", block.Skip(timing + 1));
            var voice = Voice().Match(text);
            string? speaker = voice.Success ? voice.Groups["name"].Value.Trim() : null;
            text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
            if (speaker is null && SpeakerLine.TryParse(text.Split('\n')[0], out var named, out _, out var rest))
            {
                speaker = named;
                text = rest + text[text.IndexOf('\n') is var nl and >= 0 ? nl.. : text.Length..];
            }

            cues.Add(speaker, start, text);
        }

        return cues.Finish();
    }

    [GeneratedRegex(@"<v(?:\.[^ >]*)?\s+(?<name>[^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>|</[a-z.]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}

/// <summary>The timing line shared by WebVTT and SRT: start --> end [settings].</summary>
internal static class CueTimings
{
    public static bool TryParse(string line, out TimeSpan start, out string problem)
    {
        start = default;
        var parts = line.Split("-->", 2, StringSplitOptions.TrimEntries);
        var endText = parts.Length == 2 ? parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "" : "";
        if (parts.Length != 2 || !CueTime.TryParse(parts[0], out start) || !CueTime.TryParse(endText, out var end))
        {
            problem = $"broken cue timing '{Clip(line)}' (expected HH:MM:SS.mmm --> HH:MM:SS.mmm)";
            return false;
        }

        if (end < start)
        {
            problem = $"cue ends before it starts ('{Clip(line)}')";
            return false;
        }

        problem = "";
        return true;
    }

    // Only the timing line is echoed (never cue text), and only its first characters.
    private static string Clip(string line) => line.Length <= 40 ? line.Trim() : line[..40].Trim() + "…";
}
