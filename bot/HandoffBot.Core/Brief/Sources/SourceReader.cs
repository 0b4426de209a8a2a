using System.Globalization;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Reads any note or transcript into a <see cref="ParsedSource"/>, or a clear per-source error:
/// empty, binary, too large, not the format it claims to be, broken cue timings. Never throws for
/// bad content, so one bad source cannot stop the others from being drafted.
/// </summary>
public static class SourceReader
{
    /// <summary>The default size limit: the intake's own limit for one note or transcript.</summary>
    public const int DefaultMaxChars = 2_000_000;

    public static SourceReadResult Read(BriefSource source, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(source);
        var content = source.Content ?? "";
        if (content.Length > maxChars)
        {
            return SourceReadResult.Fail(source, $"is too large ({Size(content.Length)} characters; at most {Size(maxChars)}).");
        }

        if (content.AsSpan().Trim().IsEmpty)
        {
            return SourceReadResult.Fail(source, "is empty.");
        }

        if (LooksBinary(content))
        {
            return SourceReadResult.Fail(source, "is not text (binary content).");
        }

        if (source.Kind == SourceKind.Note)
        {
            return NoteParser.Parse(source);
        }

        // Lines end in \n, \r\n or (old Mac exports) a lone \r.
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');
        var format = source.Format == TranscriptFormat.Text ? SourceSniffer.Guess(lines) : source.Format;
        return format switch
        {
            TranscriptFormat.Vtt => VttParser.Parse(source, lines),
            TranscriptFormat.Srt => SrtParser.Parse(source, lines),
            TranscriptFormat.Json => JsonTranscriptParser.Parse(source),
            _ => PlainTranscriptParser.Parse(source, lines),
        };
    }

    /// <summary>NUL bytes, or more than 1% control or replacement characters (what undecodable bytes become).</summary>
    public static bool LooksBinary(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sample = content.AsSpan(0, Math.Min(content.Length, 64 * 1024));
        var bad = 0;
        foreach (var c in sample)
        {
            if (c == '\0')
            {
                return true;
            }

            if (c == '\uFFFD' || (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')))
            {
                bad++;
            }
        }

        return bad > 0 && bad * 100 > sample.Length;
    }

    private static string Size(int chars) => chars.ToString("N0", CultureInfo.InvariantCulture);
}
