using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// WebVTT as Teams, Zoom and Graph write it: speakers from &lt;v Name&gt; voice tags (Teams; several
/// in one cue are split), a "Name: " prefix (Zoom; only a name the file uses as a prefix twice, a
/// participant or a full name, so "Note: …" stays text), or the JSON cue payloads of Graph's
/// metadataContent ({speakerName, spokenText}). Cue ids such as "guid/12-0", "guid/12-1" mark one
/// utterance split over cues, and are joined back; unpadded timings ("0:0:5.320") and negative
/// starts (transcription began mid-call) are read. NOTE blocks are skipped, except that a
/// participants NOTE ("Dana Ruiz (external)", "Internal: Avery Brooks; Sam Lee") gives sides.
/// A cue with broken timings is skipped and reported; when most cues are broken the file is refused.
/// </summary>
internal static partial class VttParser
{
    private static readonly HashSet<string> NotSpeakers = new(StringComparer.OrdinalIgnoreCase)
    {
        "note", "notes", "nb", "action", "action item", "action items", "summary", "question", "answer", "q", "a", "re", "subject",
        "todo", "to do", "agenda", "next steps", "next step", "warning", "important", "update", "decision", "chapter", "topic", "example", "tip", "ps",
    };

    private sealed record RawCue(int Line, string? Id, TimeSpan Start, TimeSpan End, string Payload);

    public static SourceReadResult Parse(BriefSource source, string[] lines)
    {
        var first = lines.Length > 0 ? lines[0].TrimStart('\uFEFF') : "";
        if (!first.StartsWith("WEBVTT", StringComparison.Ordinal))
        {
            return SourceReadResult.Fail(source, "is not WebVTT: the first line must be WEBVTT" + SourceSniffer.Hint(lines));
        }

        var cues = new CueCollector(source, "cues", merge: true);
        var participants = new List<Participant>();
        var raw = new List<RawCue>();
        foreach (var (blockStart, block) in Blocks(lines))
        {
            var head = block[0].TrimStart();
            if (head.StartsWith("NOTE", StringComparison.Ordinal))
            {
                participants.AddRange(ParticipantNote.Read(block));
                continue;
            }

            if (head.StartsWith("STYLE", StringComparison.Ordinal) || head.StartsWith("REGION", StringComparison.Ordinal))
            {
                continue;
            }

            var timing = block.FindIndex(l => l.Contains("-->", StringComparison.Ordinal));
            if (timing < 0 || timing > 1)
            {
                cues.Broken(blockStart + 1, "a cue without a timing line (HH:MM:SS.mmm --> HH:MM:SS.mmm)");
                continue;
            }

            if (!CueTimings.TryParse(block[timing], out var start, out var end, out var problem))
            {
                cues.Broken(blockStart + timing + 1, problem);
                continue;
            }

            raw.Add(new RawCue(blockStart + timing + 2, timing == 1 ? block[0].Trim() : null, start, end, string.Join("\n", block.Skip(timing + 1))));
        }

        // Participants by full name, and by first name where only one has it ("Raj:" is Raj Patel).
        var known = participants.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var byFirst in participants.Where(p => p.Name.Contains(' ', StringComparison.Ordinal)).GroupBy(p => p.Name.Split(' ')[0], StringComparer.Ordinal).Where(g => g.Count() == 1))
        {
            known.TryAdd(byFirst.Key, byFirst.First());
        }

        var prefixes = raw.Select(c => ZoomPrefix(c.Payload)).OfType<string>().GroupBy(p => p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        bool IsSpeaker(string name) => !NotSpeakers.Contains(name) && !name.Contains("://", StringComparison.Ordinal)
            && (known.ContainsKey(name) || prefixes.GetValueOrDefault(name) >= 2 || SpeakerLine.LooksLikeFullName(name));

        int voiced = 0, prefixed = 0, metadata = 0;
        foreach (var cue in raw)
        {
            var utterance = cue.Id is not null && TeamsUtteranceId().Match(cue.Id) is { Success: true } m ? m.Groups["u"].Value : null;
            var payload = cue.Payload.TrimStart();
            if (payload.StartsWith("{\"", StringComparison.Ordinal))
            {
                if (MetadataCue(payload) is not { } spoken)
                {
                    cues.Broken(cue.Line, "a cue payload that starts like JSON but is not Graph metadataContent ({\"speakerName\", \"spokenText\"})");
                    continue;
                }

                metadata++;
                cues.Add(spoken.Speaker, cue.Start, spoken.Text, utteranceId: utterance, end: cue.End);
                continue;
            }

            var voices = Voice().Matches(cue.Payload);
            if (voices.Count > 0)
            {
                voiced++;
                var before = Text(cue.Payload[..voices[0].Index]);
                cues.Add(null, cue.Start, before, end: cue.End);
                for (var v = 0; v < voices.Count; v++)
                {
                    var stop = v + 1 < voices.Count ? voices[v + 1].Index : cue.Payload.Length;
                    var from = voices[v].Index + voices[v].Length;
                    cues.Add(WebUtility.HtmlDecode(voices[v].Groups["name"].Value).Trim(), cue.Start, Text(cue.Payload[from..stop]), utteranceId: utterance, end: cue.End);
                }

                continue;
            }

            var text = Text(cue.Payload);
            if (ZoomPrefix(cue.Payload) is { } name && IsSpeaker(name))
            {
                prefixed++;
                cues.Add(name, cue.Start, text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..], known.TryGetValue(name, out var who) ? who.Side : SpeakerSide.Unknown, utterance, cue.End);
            }
            else
            {
                cues.Add(null, cue.Start, text, utteranceId: utterance, end: cue.End);
            }
        }

        cues.Participants = participants;
        cues.Shape = metadata > 0 ? "WebVTT, Microsoft Teams metadataContent"
            : voiced > 0 ? "WebVTT, voice tags (Microsoft Teams)"
            : prefixed > 0 ? "WebVTT, \"Name: text\" cues (Zoom)"
            : "WebVTT, no speaker names";
        return cues.Finish();
    }

    /// <summary>Blank-line separated blocks after the header, each with the (0-based) index of its first line.</summary>
    private static IEnumerable<(int Start, List<string> Lines)> Blocks(string[] lines)
    {
        // Header lines after WEBVTT ("Kind: captions", "Language: en") up to the first blank line or cue.
        var i = 1;
        while (i < lines.Length && lines[i].Trim().Length > 0 && !lines[i].Contains("-->", StringComparison.Ordinal)
            && !(i + 1 < lines.Length && lines[i + 1].Contains("-->", StringComparison.Ordinal)))
        {
            i++;
        }

        while (i < lines.Length)
        {
            if (lines[i].Trim().Length == 0)
            {
                i++;
                continue;
            }

            var start = i;
            var block = new List<string>();
            while (i < lines.Length && lines[i].Trim().Length > 0)
            {
                block.Add(lines[i++]);
            }

            yield return (start, block);
        }
    }

    /// <summary>The "Name" of a "Name: text" first line (Zoom), before any markup is read.</summary>
    private static string? ZoomPrefix(string payload)
    {
        var line = payload.Split('\n', 2)[0];
        var m = Prefix().Match(line);
        return m.Success ? m.Groups["name"].Value.Trim() : null;
    }

    private static (string Speaker, string Text)? MetadataCue(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("spokenText", out var spoken) || spoken.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var speaker = root.TryGetProperty("speakerName", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
            return (speaker, spoken.GetString() ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(string payload) => WebUtility.HtmlDecode(Tag().Replace(payload, ""));

    [GeneratedRegex(@"<v(?:\.[^\s>]*)?\s+(?<name>[^>]+)>", RegexOptions.CultureInvariant)]
    private static partial Regex Voice();

    [GeneratedRegex(@"</?[a-zA-Z][^>]*>|</[a-z.]*>|<\d{1,2}:\d{2}[:.\d]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s*(?<name>[^:<>{}\n]{1,60}?):[ \t]+\S", RegexOptions.CultureInvariant)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^(?<u>.+/\d+)-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex TeamsUtteranceId();
}

/// <summary>The timing line shared by WebVTT and SRT: start --> end [settings].</summary>
internal static class CueTimings
{
    public static bool TryParse(string line, out TimeSpan start, out string problem) => TryParse(line, out start, out _, out problem);

    public static bool TryParse(string line, out TimeSpan start, out TimeSpan end, out string problem)
    {
        start = default;
        end = default;
        var parts = line.Split("-->", 2, StringSplitOptions.TrimEntries);
        var endText = parts.Length == 2 ? parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "" : "";
        if (parts.Length != 2 || !TryTime(parts[0], out start) || !TryTime(endText, out end))
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

    // Graph: "Negative offsets indicate that the transcription began while the conversation was ongoing" — read as the start.
    private static bool TryTime(string text, out TimeSpan value)
    {
        var negative = text.StartsWith('-');
        var ok = CueTime.TryParse(negative ? text.AsSpan(1) : text, out value);
        if (negative)
        {
            value = TimeSpan.Zero;
        }

        return ok;
    }

    // Only the timing line is echoed (never cue text), and only its first characters.
    private static string Clip(string line) => line.Length <= 40 ? line.Trim() : line[..40].Trim() + "…";
}
