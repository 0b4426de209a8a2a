namespace HandoffBot.Core.Crm;

/// <summary>
/// A won deal as read back from a CRM's API, in neither CRM's shape: the values of every mapped
/// source (keyed by the source exactly as the mapping names it), its contacts and what was sold.
/// </summary>
public sealed record CrmDealRecord
{
    /// <summary>The CRM's deal id as the handoff keeps it (HubSpot deal id; Salesforce 18-character Opportunity id).</summary>
    public required string CrmId { get; init; }

    public Uri? Url { get; init; }

    /// <summary>Source (e.g. <c>deal.amount</c>, <c>Account.Name</c>) → its value as text; missing or null when the CRM has none.</summary>
    public required IReadOnlyDictionary<string, string?> Values { get; init; }

    public IReadOnlyList<CrmContact> Contacts { get; init; } = [];

    public IReadOnlyList<CrmLineItem> LineItems { get; init; } = [];
}

/// <summary>A person on the deal; <paramref name="RoleValues"/> are the CRM's own role labels for them.</summary>
public sealed record CrmContact(string? FirstName, string? LastName, string? Email, string? Title, IReadOnlyList<string> RoleValues);

/// <summary>A product line on the deal.</summary>
public sealed record CrmLineItem(string Name, decimal? Quantity);
