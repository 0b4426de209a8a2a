using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Offline;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Speaker labels that name the speaker's organisation: "Dana Ruiz (acme.com):", "Dana Ruiz (Acme):",
/// "Dana Ruiz [Acme]:". The speaker is the name; the organisation is a hint to the side. A bracket or
/// a domain always names an organisation; a plain parenthesis does only when the call has exactly two
/// of them and neither is a role or a title ("Maya (Pricing Strategist)", "AE (Jordan)" stay as they are).
/// </summary>
internal static partial class SpeakerOrganisations
{
    public sealed record Split(string Speaker, string Organisation);

    /// <summary>The labels of one source that name an organisation, each with its name and organisation.</summary>
    public static IReadOnlyDictionary<string, Split> Read(IEnumerable<string> labels)
    {
        var candidates = new Dictionary<string, (Split Split, bool Sure)>(StringComparer.Ordinal);
        foreach (var label in labels.Distinct(StringComparer.Ordinal))
        {
            var m = Shape().Match(label);
            if (!m.Success)
            {
                continue;
            }

            var name = m.Groups["name"].Value.Trim();
            var org = (m.Groups["paren"].Success ? m.Groups["paren"].Value : m.Groups["bracket"].Value).Trim();
            var parsedName = SpeakerLabels.Parse(name);
            if (parsedName.Person is null || SpeakerLabels.Parse(org).Seller is not null || Title().IsMatch(org) || org.Length == 0)
            {
                continue;
            }

            candidates[label] = (new Split(name, org), m.Groups["bracket"].Success || Domain().IsMatch(org));
        }

        var plainOrgs = candidates.Values.Where(c => !c.Sure).Select(c => c.Split.Organisation).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        return candidates.Where(c => c.Value.Sure || plainOrgs == 2).ToDictionary(c => c.Key, c => c.Value.Split, StringComparer.Ordinal);
    }

    /// <summary>"acme.com" and "Acme" name the same organisation; so do "Acme Corp" and "Acme".</summary>
    public static bool Same(string a, string b)
    {
        var x = Core(a);
        var y = Core(b);
        return x.Length >= 3 && y.Length >= 3 && (x.StartsWith(y, StringComparison.OrdinalIgnoreCase) || y.StartsWith(x, StringComparison.OrdinalIgnoreCase));
    }

    private static string Core(string org)
    {
        var s = org.Trim();
        var at = s.LastIndexOf('@');
        if (at >= 0)
        {
            s = s[(at + 1)..];
        }

        if (Domain().IsMatch(s))
        {
            s = s[..s.LastIndexOf('.')];
        }

        return NonWord().Replace(s, "");
    }

    [GeneratedRegex(@"^(?<name>[^()\[\]]+?)\s*(?:\((?<paren>[^()]+)\)|\[(?<bracket>[^\[\]]+)\])$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Domain();

    [GeneratedRegex(@"\b(?:CEO|CFO|CTO|CIO|COO|CISO|CRO|CMO|VP|Head|Director|Manager|Lead|Officer|Counsel|Strategist|Engineer|Architect|Analyst|Specialist|President|Founder|Owner|Partner|Consultant|Coordinator|Administrator|Admin|Executive|Representative|Advisor|Adviser|Associate|Intern)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Title();

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();
}
