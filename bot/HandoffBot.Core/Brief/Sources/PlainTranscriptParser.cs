namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Plain "Speaker: text" transcripts, optionally timestamped ("[00:12:41] Dana: …", "Dana (12:41): …"),
/// or Otter-style ("Dana Ruiz  12:41" on its own line, the words below). A line without a speaker
/// continues the previous turn.
/// </summary>
internal static class PlainTranscriptParser
{
    public static SourceReadResult Parse(BriefSource source, string[] lines)
    {
        var builder = new ParsedSourceBuilder();
        string? speaker = null;
        TimeSpan? offset = null;
        var turn = new List<string>();

        // Each line is its own utterance (one turn, the same speaker): lines are trimmed, so a quote
        // across two of them would not be in the file as written.
        void Flush()
        {
            foreach (var line in turn)
            {
                builder.Add(speaker, offset, line);
            }

            turn.Clear();
        }

        foreach (var raw in lines)
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            if (SpeakerLine.TryParse(line, out var who, out var at, out var text))
            {
                Flush();
                (speaker, offset) = (who, at);
                turn.Add(text);
            }
            else if (SpeakerLine.TryParseHeader(line, out var headerSpeaker, out var headerAt))
            {
                Flush();
                (speaker, offset) = (headerSpeaker ?? speaker, headerAt);
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

        return new(builder.Build(source), null);
    }
}
