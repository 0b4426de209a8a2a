using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HandoffBot.Cards.Models;

/// <summary>
/// Makes text from people (notes, names, answers) inert on a platform: it cannot format, link or
/// mention, and it is cut to a length with an ellipsis (and a link to the full record where one exists).
/// </summary>
public static partial class TextSafety
{
    /// <summary>Slack mrkdwn: &amp;, &lt; and &gt; escaped is what Slack asks for; it also disarms &lt;!channel&gt; and &lt;@U…&gt;.</summary>
    public static string Slack(string? text, int max = 3000, string recordUrl = "")
    {
        var cut = Cut(Clean(text), max - (recordUrl.Length > 0 ? recordUrl.Length + 12 : 0), out var truncated);
        var safe = cut.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        safe = BareMention().Replace(safe, "@\u200B$1");
        return truncated && recordUrl.Length > 0 ? $"{safe} <{SlackUrl(recordUrl)}|more>" : safe;
    }

    /// <summary>Slack plain_text (headers, button labels, options): Slack never parses it; only length matters.</summary>
    public static string SlackPlain(string? text, int max) => Cut(Clean(text), max, out _);

    /// <summary>
    /// Adaptive Card TextBlock markdown: markdown punctuation backslash-escaped so it shows as typed,
    /// and <c>&lt;at&gt;</c> broken so Teams can never read it as a mention.
    /// </summary>
    public static string Teams(string? text, int max = 2000, string recordUrl = "")
    {
        var cut = Cut(Clean(text), max, out var truncated);
        var sb = new StringBuilder(cut.Length + 8);
        foreach (var c in cut)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' or '~' or '#' or '>' or '|')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        var safe = AtTag().Replace(sb.ToString(), "<\u200B$1");
        safe = ListStart().Replace(safe, "$1$2\\");
        safe = OrderedListStart().Replace(safe, "$1$2\\.");
        return truncated && recordUrl.Length > 0 ? $"{safe} [more]({TeamsUrl(recordUrl)})" : safe;
    }

    /// <summary>Input values and other fields no platform formats: only control characters and length.</summary>
    public static string Plain(string? text, int max) => Cut(Clean(text), max, out _);

    /// <summary>Control characters (except new lines and tabs) out, CRLF to LF, whitespace trimmed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (c is '\n' or '\t' || (!char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format))
            {
                sb.Append(c == '\r' ? '\n' : c);
            }
        }

        return sb.ToString().Trim();
    }

    /// <summary>Cuts to <paramref name="max"/> characters, never inside a surrogate pair, ending in an ellipsis.</summary>
    public static string Cut(string text, int max, out bool truncated)
    {
        truncated = text.Length > max;
        if (!truncated)
        {
            return text;
        }

        var keep = Math.Max(0, max - 1);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep].TrimEnd() + "…";
    }

    /// <summary>Only http(s) links are ever put in a card.</summary>
    public static string SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri.AbsoluteUri : "";

    public static string SlackUrl(string url) => url.Replace("|", "%7C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal);

    public static string TeamsUrl(string url) => url.Replace(")", "%29", StringComparison.Ordinal).Replace("(", "%28", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);

    [GeneratedRegex(@"<(/?at\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"(?<=^|\s)@(channel|here|everyone)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BareMention();

    // A line that would start a list shows as typed: "\- item", "1\. first" (CommonMark escapes).
    [GeneratedRegex(@"(^|\n)(\s*)(?=[-+]\s)")]
    private static partial Regex ListStart();

    [GeneratedRegex(@"(^|\n)(\s*\d+)\.(?=\s)")]
    private static partial Regex OrderedListStart();
}
