using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>What an uploaded transcript turned out to be: read, or why not.</summary>
/// <param name="Format">The format it is stored with: the declared one, else what its content looks like.</param>
/// <param name="Problem">Why it cannot be taken (names the line and what it looks like); null when it can.</param>
/// <param name="TooLarge">The problem is its size.</param>
/// <param name="Warning">Read, but with cues skipped (which, and why).</param>
public sealed record TranscriptInspection(ParsedSource? Source, TranscriptFormat Format, string? Problem, bool TooLarge, string? Warning);

/// <summary>
/// Checks a transcript before it is stored (the upload API, the Gong job): it must read as a
/// transcript in its declared or detected format. A file that reads only as prose — no speaker, no
/// time anywhere — is refused: the brief needs to know who said what.
/// </summary>
public static class TranscriptInspector
{
    public static TranscriptInspection Inspect(string id, string content, TranscriptFormat declared, int maxChars = SourceReader.DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(content);
        var source = new BriefSource(id, SourceKind.Transcript, declared, null, null, content);
        var lines = content.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r');
        var format = declared == TranscriptFormat.Text ? SourceSniffer.Guess(lines) : declared;
        if (content.Length > maxChars)
        {
            return new(null, format, SourceReader.Read(source, maxChars).Error!.Message, true, null);
        }

        var read = SourceReader.Read(source, maxChars);
        if (read.Source is not { } parsed)
        {
            return new(null, format, read.Error?.Message ?? $"Transcript {id} could not be read.", false, null);
        }

        if (format == TranscriptFormat.Text && parsed.Utterances.All(u => u.Speaker is null && u.Offset is null))
        {
            var firstLine = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            var number = Array.FindIndex(lines, l => l.Trim().Length > 0) + 1;
            return new(null, format,
                $"Transcript {id} reads as plain text but names no speaker and no time: expected \"Name: text\" lines, Otter's \"Name  0:03\" headers, "
                + $"WebVTT (first line WEBVTT), SRT (a cue number, then a timing line) or JSON; line {number} reads '{Clip(firstLine)}'.",
                false, null);
        }

        return new(parsed, format, null, false, read.Error?.Message);
    }

    private static string Clip(string line) => line.Length <= 60 ? line : line[..60] + "…";
}
