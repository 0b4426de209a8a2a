using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>The "Speaker: text" convention that plain, SRT and Zoom-style VTT transcripts share.</summary>
internal static partial class SpeakerLine
{
    /// <summary>"Dana Ruiz: text", "[00:12:41] Dana Ruiz: text", "Dana Ruiz (12:41): text", "Speaker 2: text".</summary>
    public static bool TryParse(string line, out string speaker, out TimeSpan? offset, out string text)
    {
        var m = Pattern().Match(line);
        speaker = "";
        offset = null;
        text = "";
        if (!m.Success)
        {
            return false;
        }

        speaker = m.Groups["name"].Value.Trim();
        text = m.Groups["text"].Value;
        var time = m.Groups["t1"].Success ? m.Groups["t1"].Value : m.Groups["t2"].Success ? m.Groups["t2"].Value : null;
        if (time is not null && CueTime.TryParse(time, out var t))
        {
            offset = t;
        }

        return true;
    }

    /// <summary>A line that is only a timestamp, or a speaker name followed by a timestamp (Otter-style headers).</summary>
    public static bool TryParseHeader(string line, out string? speaker, out TimeSpan offset)
    {
        var m = Header().Match(line);
        speaker = null;
        offset = default;
        if (!m.Success || !CueTime.TryParse(m.Groups["t"].Value, out offset))
        {
            return false;
        }

        speaker = m.Groups["name"].Success && m.Groups["name"].Value.Length > 0 ? m.Groups["name"].Value.Trim() : null;
        return true;
    }

    private const string Name = @"(?<name>(?:Speaker|Participant|Unknown)\s*\d+|\p{Lu}[\p{L}'’.\-]*(?:[ \-]\p{Lu}[\p{L}'’.\-]*){0,3}(?:\s*\((?!\d{1,2}:)[^)\n]{1,40}\))?)";
    private const string Time = @"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?";

    [GeneratedRegex(@"^\s*(?:[\[(]?(?<t1>" + Time + @")[\])]?\s*[-–]?\s*)?" + Name + @"\s*(?:[\[(](?<t2>" + Time + @")[\])])?\s*:\s*(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^\s*(?<name>\p{Lu}[\p{L}'’.\-]*(?:[ \-]\p{Lu}[\p{L}'’.\-]*){0,3})?\s*[\[(]?(?<t>" + Time + @")[\])]?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();
}
