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

    /// <summary>
    /// A line that is only a timestamp, or a speaker name and a timestamp (Otter's "Dana Ruiz  0:03",
    /// "Unknown Speaker  1:02:03", "Speaker 1  12:41", also "0:03  Dana Ruiz"). With two or more spaces
    /// (or a tab) between them, as Otter writes it, the name may be any text; with one space it must
    /// look like a name.
    /// </summary>
    public static bool TryParseHeader(string line, out string? speaker, out TimeSpan offset)
    {
        speaker = null;
        offset = default;
        var m = Header().Match(line);
        if (!m.Success)
        {
            m = OtterHeader().Match(line);
        }

        if (!m.Success)
        {
            m = OtterHeaderTimeFirst().Match(line);
        }

        if (!m.Success)
        {
            m = BoldHeader().Match(line); // an Otter export pasted into Markdown: "**Dana Ruiz** 0:03"
        }

        if (!m.Success || !CueTime.TryParse(m.Groups["t"].Value, out offset))
        {
            return false;
        }

        var name = m.Groups["name"].Success ? m.Groups["name"].Value.Trim().Trim('*', '_').Trim() : "";
        speaker = name.Length > 0 ? name : null;
        return true;
    }

    /// <summary>Two or more capitalised words ("Dana Ruiz", "Doe, Jane [NA]", "Dr. Chen Li"), "Speaker 2", or a name in a script without case.</summary>
    public static bool LooksLikeFullName(string name) => FullName().IsMatch(name ?? "");

    private const string Name = @"(?<name>(?:Speaker|Participant|Unknown)\s*\d+|\p{Lu}[\p{L}'’.\-]*(?:[ \-]\p{Lu}[\p{L}'’.\-]*){0,3}(?:\s*\((?!\d{1,2}:)[^)\n]{1,40}\)|\s*\[(?!\d{1,2}:)[^\]\n]{1,40}\])?)";
    private const string Time = @"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?";

    [GeneratedRegex(@"^\s*(?:[\[(]?(?<t1>" + Time + @")[\])]?\s*[-–]?\s*)?" + Name + @"\s*(?:[\[(](?<t2>" + Time + @")[\])])?\s*:\s*(?<text>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^\s*(?<name>\p{Lu}[\p{L}'’.\-]*(?:[ \-]\p{Lu}[\p{L}'’.\-]*){0,3})?\s*[\[(]?(?<t>" + Time + @")[\])]?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s*(?<name>[^\s:][^:\n]{0,78}?)(?: {2,}|\t)\s*(?<t>\d{1,2}:\d{2}(?::\d{2})?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OtterHeader();

    [GeneratedRegex(@"^\s*(?:\*\*|__)(?<name>[^*_\n]{1,80})(?:\*\*|__)\s+(?<t>\d{1,2}:\d{2}(?::\d{2})?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BoldHeader();

    [GeneratedRegex(@"^\s*(?<t>\d{1,2}:\d{2}(?::\d{2})?)(?: {2,}|\t)\s*(?<name>[^\s.?!,;:][^.?!,;:\n]{0,40}?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OtterHeaderTimeFirst();

    [GeneratedRegex(@"^(?:(?:Speaker|Participant|Unknown|Guest)\s*\d+|Unknown Speaker|\p{Lu}[\p{L}\p{M}'’.\-]*,?(?:[ ]+(?:(?:van|von|de|da|del|der|di|du|le|la|dos|bin|al|ter|ten)[ ]+)*\p{Lu}[\p{L}\p{M}'’.\-]*,?){1,3}(?:\s*[\[(][^)\]\n]{1,40}[\])])?|\p{Lo}{1,12}(?:[ ]\p{Lo}{1,12}){0,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex FullName();
}
