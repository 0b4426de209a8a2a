using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Crm;

/// <summary>
/// Which CRM property feeds which deal and context field, per CRM; RevOps edits it in
/// <c>crm-mapping.yaml</c> without code. Each target names its sources in order: the first one
/// with a value wins.
/// </summary>
public sealed record CrmMapping(CrmSourceMapping HubSpot, CrmSourceMapping Salesforce);

/// <summary>One CRM's mapping.</summary>
public sealed record CrmSourceMapping
{
    /// <summary>Target field key (see <see cref="CrmTargets"/>) → its sources, first with a value wins.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Fields { get; init; }

    /// <summary>The contact property whose value names a stakeholder's role (HubSpot); Salesforce uses the contact role's Role.</summary>
    public string? RoleProperty { get; init; }

    /// <summary>CRM role value → stakeholder role; compared ignoring case (these are labels, not ids).</summary>
    public required IReadOnlyDictionary<string, StakeholderRole> Roles { get; init; }

    public StakeholderRole DefaultRole { get; init; } = StakeholderRole.User;

    public required string DefaultCurrency { get; init; }

    /// <summary>HubSpot: only won deals of these pipeline ids become handoffs; empty means every pipeline.</summary>
    public IReadOnlyList<string> Pipelines { get; init; } = [];

    /// <summary>HubSpot: stage ids that count as won besides the ones HubSpot marks won itself.</summary>
    public IReadOnlyList<string> WonStages { get; init; } = [];

    public IReadOnlyList<string> SourcesOf(string target) => Fields.TryGetValue(target, out var sources) ? sources : [];

    /// <summary>
    /// The first CRM value that names a mapped role. Labels are matched ignoring case, spaces,
    /// underscores and punctuation, so "Decision maker" (an association label) and "DECISION_MAKER"
    /// (the buying-role value) are the same.
    /// </summary>
    public StakeholderRole RoleFor(IEnumerable<string> crmValues)
    {
        ArgumentNullException.ThrowIfNull(crmValues);
        var byLabel = Roles.GroupBy(r => Compact(r.Key)).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        foreach (var value in crmValues)
        {
            if (byLabel.TryGetValue(Compact(value), out var role))
            {
                return role;
            }
        }

        return DefaultRole;
    }

    private static string Compact(string label) => string.Concat(label.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant));
}

/// <summary>The deal and context fields a CRM property can feed (keys as in the deal webhook's JSON).</summary>
public static class CrmTargets
{
    public const string AccountName = "accountName";
    public const string Arr = "arr";
    public const string Currency = "currency";
    public const string CloseDate = "closeDate";
    public const string Segment = "segment";
    public const string AeEmail = "aeEmail";
    public const string CsmEmail = "csmEmail";
    public const string CustomerTimeZone = "customerTimeZone";
    public const string Goals = "goals";
    public const string SuccessCriteria = "successCriteria";
    public const string ExpansionPotential = "expansionPotential";
    public const string TargetGoLive = "targetGoLive";
    public const string SpecialTerms = "specialTerms";
    public const string Notes = "notes";

    /// <summary>Fields the deal cannot be taken in without: a mapping must name a source for each.</summary>
    public static IReadOnlyList<string> Required { get; } = [AccountName, Arr, CloseDate, AeEmail];

    public static IReadOnlyList<string> All { get; } =
        [AccountName, Arr, Currency, CloseDate, Segment, AeEmail, CsmEmail, CustomerTimeZone, Goals, SuccessCriteria, ExpansionPotential, TargetGoLive, SpecialTerms, Notes];

    /// <summary>Context fields (under <c>context</c> in the deal JSON), the ones the context grammar reads from CRM text; the rest are deal fields.</summary>
    public static IReadOnlySet<string> Context { get; } = new HashSet<string>(
        ContextGrammar.Fields.Where(f => f.FromCrmText).Select(f => f.Key).Intersect(All, StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Fields whose CRM text is one item per line.</summary>
    public static IReadOnlySet<string> Lists { get; } = new HashSet<string>(
        ContextGrammar.Fields.Where(f => f.FromCrmText && f.IsList).Select(f => f.Key).Intersect(All, StringComparer.Ordinal), StringComparer.Ordinal);
}
