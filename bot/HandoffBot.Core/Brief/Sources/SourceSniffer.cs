using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>Guesses a transcript's real format from its first lines (for "Text" sources and for helpful errors).</summary>
internal static partial class SourceSniffer
{
    public static TranscriptFormat Guess(string[] lines)
    {
        var first = lines.Select(l => l.Trim().TrimStart('\uFEFF')).FirstOrDefault(l => l.Length > 0) ?? "";
        if (first.StartsWith("WEBVTT", StringComparison.Ordinal))
        {
            return TranscriptFormat.Vtt;
        }

        if (first.StartsWith('{') || (first.StartsWith('[') && first[1..].TrimStart() is var rest && (rest.Length == 0 || rest[0] is '{' or ']' or '"')))
        {
            return TranscriptFormat.Json;
        }

        var head = lines.Where(l => l.Trim().Length > 0).Take(3).ToList();
        if (head.Count >= 2 && SrtIndex().IsMatch(head[0].Trim().TrimStart('\uFEFF')) && head[1].Contains("-->", StringComparison.Ordinal))
        {
            return TranscriptFormat.Srt;
        }

        return TranscriptFormat.Text;
    }

    /// <summary>"; it looks like SRT", or nothing when it looks like nothing in particular.</summary>
    public static string Hint(string[] lines) => Guess(lines) switch
    {
        TranscriptFormat.Vtt => "; it looks like WebVTT (send format \"vtt\" or name it .vtt).",
        TranscriptFormat.Srt => "; it looks like SRT (send format \"srt\" or name it .srt).",
        TranscriptFormat.Json => "; it looks like JSON (send format \"json\" or name it .json).",
        _ => ".",
    };

    [GeneratedRegex(@"^\d{1,6}$")]
    private static partial Regex SrtIndex();
}
