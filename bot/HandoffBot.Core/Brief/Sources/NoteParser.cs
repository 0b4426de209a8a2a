using System.Net;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// CRM notes, plain text or HTML. HTML is reduced to its text with one line per block element, so
/// bullets and paragraphs stay separate sentences; scripts, styles and comments are dropped. Each
/// line becomes an utterance by the note's author.
/// </summary>
internal static partial class NoteParser
{
    public static SourceReadResult Parse(BriefSource source)
    {
        var text = LooksLikeHtml(source.Content) ? HtmlToText(source.Content) : source.Content;
        var builder = new ParsedSourceBuilder();
        foreach (var line in text.Split('\n'))
        {
            builder.Add(source.Author, null, line.Replace('\r', ' ').Replace('\u00A0', ' '));
        }

        return builder.Count == 0 ? SourceReadResult.Fail(source, "has no text.") : new(builder.Build(source), null);
    }

    public static bool LooksLikeHtml(string content) => HtmlTag().IsMatch(content);

    public static string HtmlToText(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Block().Replace(text, "\n");
        text = AnyTag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<(?:p|div|br|ul|ol|li|h[1-6]|span|b|strong|em|i|u|table|tr|td|th|html|body|font|a)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<head\b.*?</head\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<(?:/?(?:p|div|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|header|footer|pre)\b[^>]*|br\b[^>]*)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Block();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();
}
