using System.Text;
using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief;

/// <summary>
/// Where a quote occurs in a source, compared after normalisation: case, runs of whitespace
/// (including line breaks between cues), typographic quotes, dashes and ellipses. A quote that is
/// not found is not evidence, whoever proposed it.
/// </summary>
public sealed partial class Grounding
{
    /// <summary>Shorter quotes ("yes", "we will") would "occur" almost anywhere, so they prove nothing.</summary>
    public const int MinQuoteChars = 12;

    private readonly NormalizedText normalized;

    public Grounding(ParsedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        normalized = NormalizedText.Of(source.Text);
    }

    public ParsedSource Source { get; }

    /// <summary>The span of <see cref="ParsedSource.Text"/> the quote stands for, or null when it is not there.</summary>
    public (int Start, int Length)? Find(string? quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return null;
        }

        foreach (var candidate in Variants(quote))
        {
            var needle = NormalizedText.Of(candidate).Value;
            if (needle.Length < MinQuoteChars)
            {
                continue;
            }

            var at = normalized.Value.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = normalized.Map[at];
                var end = normalized.Map[at + needle.Length - 1] + 1;
                return (start, end - start);
            }
        }

        return null;
    }

    /// <summary>The quote as it is, then without wrapping quotation marks or ellipses, then without a "[12:41] Dana:" label an LLM may have copied.</summary>
    private static IEnumerable<string> Variants(string quote)
    {
        var trimmed = quote.Trim();
        yield return trimmed;
        var unwrapped = Wrapping().Replace(trimmed, "");
        yield return unwrapped;
        var unlabelled = Label().Replace(unwrapped, "");
        if (!ReferenceEquals(unlabelled, unwrapped))
        {
            yield return unlabelled;
        }
    }

    /// <summary>The same text with whitespace runs collapsed: how evidence is shown.</summary>
    public static string Display(string text) => Spaces().Replace(text ?? "", " ").Trim();

    [GeneratedRegex(@"^[\s""'“”‘’«»]*(?:\.\.\.|…)?\s*|\s*(?:\.\.\.|…)?[\s""'“”‘’«»]*$")]
    private static partial Regex Wrapping();

    [GeneratedRegex(@"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*)?(?:\p{Lu}[\p{L}'’.\-]*(?:\s\p{Lu}[\p{L}'’.\-]*){0,3}\s*:\s+)?")]
    private static partial Regex Label();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>Lower-cased text with typographic variants folded and whitespace collapsed, mapped back to the original positions.</summary>
internal sealed class NormalizedText
{
    private NormalizedText(string value, int[] map)
    {
        Value = value;
        Map = map;
    }

    public string Value { get; }

    /// <summary>For each character of <see cref="Value"/>, its index in the original text.</summary>
    public int[] Map { get; }

    public static NormalizedText Of(string text)
    {
        var sb = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\u200B' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                map.Add(i);
                pendingSpace = false;
            }

            if (c == '…')
            {
                sb.Append("...");
                map.AddRange([i, i, i]);
                continue;
            }

            sb.Append(Fold(c));
            map.Add(i);
        }

        return new NormalizedText(sb.ToString(), [.. map]);
    }

    public static string Normalize(string text) => Of(text ?? "").Value;

    private static char Fold(char c) => c switch
    {
        '’' or '‘' or '‛' or 'ʼ' or '′' => '\'',
        '“' or '”' or '„' or '″' => '"',
        '–' or '—' or '‒' or '−' => '-',
        _ => char.ToLowerInvariant(c),
    };
}
