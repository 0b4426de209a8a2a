using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>What a transcript's speaker label says: a role ("AE", "Prospect", "Sales Rep"), a person, a title, a side.</summary>
internal sealed record SpeakerLabel(string? Person, string? Title, bool? Seller);

/// <summary>
/// Reads speaker labels the way sales transcripts write them: "AE (Jordan)", "Prospect (Priya – RevOps
/// Director)", "Maya (Pricing Strategist)", "Sales Rep", "PROSPECT", "**REP**", "Speaker 1". A role
/// word is never a person's name; a role says the side (seller words: AE, SE, rep, salesperson, account
/// executive, CSM; customer words: prospect, customer, client, buyer).
/// </summary>
internal static partial class SpeakerLabels
{
    public static SpeakerLabel Parse(string? speaker)
    {
        if (string.IsNullOrWhiteSpace(speaker))
        {
            return new(null, null, null);
        }

        var m = Shape().Match(speaker.Trim().Trim('*', '_').Trim());
        if (!m.Success)
        {
            return new(null, null, null);
        }

        var head = m.Groups["head"].Value.Trim();
        var paren = m.Groups["paren"].Success ? m.Groups["paren"].Value.Trim() : null;
        var headSide = Side(head);
        if (headSide is not null || Generic().IsMatch(head))
        {
            // "AE (Jordan)", "Prospect (Priya – RevOps Director)", "Prospect (smiling)": the role is the head.
            var (person, title) = paren is null ? (null, null) : NameAndTitle(paren);
            return new(person, title, headSide);
        }

        // "Maya (Pricing Strategist)", "Dana Ruiz", "CISO (Elena)".
        if (paren is not null && Title().IsMatch(head) && NameAndTitle(paren) is ({ } n, _))
        {
            return new(n, head, null);
        }

        var side = paren is null ? null : Side(paren);
        return new(IsName(head) ? head : null, paren, side);
    }

    /// <summary>True when the label is only a role or a placeholder ("Prospect", "Speaker 2", "REP"): never a person.</summary>
    public static bool IsRoleOnly(string? speaker) => speaker is not null && Parse(speaker).Person is null;

    /// <summary>The person a label names ("Prospect (Priya – RevOps Director)" → Priya), or null for a bare role.</summary>
    public static string? PersonOf(string? speaker) => Parse(speaker).Person;

    private static (string? Name, string? Title) NameAndTitle(string paren)
    {
        var parts = Dash().Split(paren, 2);
        var name = parts[0].Trim();
        var title = parts.Length > 1 ? parts[1].Trim() : null;
        return IsName(name) ? (name, title) : (null, title);
    }

    private static bool IsName(string s) => PersonName().IsMatch(s) && Side(s) is null && !Generic().IsMatch(s) && !Title().IsMatch(s) && !IsAbbreviation(s);

    /// <summary>"LIA", "PC", "SDR": a short upper-case label that is not a given name is a role or initials, never a person's name.</summary>
    private static bool IsAbbreviation(string s) => s.Length <= 5 && s.All(char.IsUpper) && !Names.IsGivenName(s);

    private static bool? Side(string s)
    {
        if (SellerRole().IsMatch(s))
        {
            return true;
        }

        return CustomerRole().IsMatch(s) ? false : null;
    }

    [GeneratedRegex(@"^(?<head>[^()]+?)\s*(?:\((?<paren>[^()]*)\))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"\s+[–—-]\s+|,\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Dash();

    [GeneratedRegex(@"^(?:(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?\p{Lu}[\p{L}'’.\-]*(?:\s\p{Lu}[\p{L}'’.\-]*){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex PersonName();

    [GeneratedRegex(@"^(?:ae|se|sdr|bdr|csm|am|rep|sales|seller|salesperson|sales ?person|sales ?rep(?:resentative)?|account ?(?:executive|manager)|sales ?(?:engineer|manager|agent)|solutions? ?(?:engineer|consultant)|agent|advis[eo]r|vendor|presenter|interviewer)$|\b(?:sales ?rep|account executive|sales engineer|solutions engineer|customer success manager)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SellerRole();

    [GeneratedRegex(@"^(?:prospect|prospective|customer|client|buyer|lead|caller|homeowner|interviewee|user)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CustomerRole();

    [GeneratedRegex(@"^(?:speaker|participant|unknown|person|guest|attendee|host|receptionist|nurse|moderator|narrator|system|audio plays)(?:\s*[\dA-Z])?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Generic();

    [GeneratedRegex(@"^(?:CEO|CFO|CTO|CIO|COO|CISO|CRO|CMO|VP(?:\s.*)?|Head of .*|Director.*|.*(?:Director|Manager|Lead|Officer|Counsel|Strategist|Engineer|Architect|Analyst|Specialist))$", RegexOptions.CultureInvariant)]
    private static partial Regex Title();
}
