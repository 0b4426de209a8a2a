using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Crm;

/// <summary>
/// The mapping in force when no <c>crm-mapping.yaml</c> is found, and the base a file's entries
/// are laid over. Salesforce names only fields every org has, plus <c>CurrencyIsoCode</c>
/// (multi-currency orgs); a field the org lacks is dropped from the query, not fatal.
/// HubSpot ignores properties a portal does not have, so conventional custom names are safe there.
/// </summary>
public static class CrmMappingDefaults
{
    public static CrmMapping Mapping { get; } = new(HubSpot(), Salesforce());

    private static CrmSourceMapping HubSpot() => new()
    {
        Fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [CrmTargets.AccountName] = ["company.name", "deal.dealname"],
            [CrmTargets.Arr] = ["deal.hs_arr", "deal.amount"],
            [CrmTargets.Currency] = ["deal.deal_currency_code"],
            [CrmTargets.CloseDate] = ["deal.closedate"],
            [CrmTargets.Segment] = ["deal.segment", "company.segment"],
            [CrmTargets.AeEmail] = ["owner.email"],
            [CrmTargets.CsmEmail] = ["owner:deal.csm_owner", "owner:company.csm_owner", "deal.csm_email"],
            [CrmTargets.CustomerTimeZone] = ["deal.customer_time_zone", "company.customer_time_zone", "company.timezone"],
            [CrmTargets.Goals] = ["deal.customer_goals"],
            [CrmTargets.SuccessCriteria] = ["deal.success_criteria"],
            [CrmTargets.TargetGoLive] = ["deal.target_go_live"],
            [CrmTargets.Notes] = ["deal.description"],
        },
        RoleProperty = "hs_buying_role",
        Roles = Roles(
            ("CHAMPION", StakeholderRole.Champion),
            ("INFLUENCER", StakeholderRole.Champion),
            ("BUDGET_HOLDER", StakeholderRole.EconomicBuyer),
            ("DECISION_MAKER", StakeholderRole.EconomicBuyer),
            ("EXECUTIVE_SPONSOR", StakeholderRole.EconomicBuyer),
            ("END_USER", StakeholderRole.User),
            ("TECHNICAL_EVALUATOR", StakeholderRole.Technical),
            ("TECHNICAL_BUYER", StakeholderRole.Technical)),
        DefaultRole = StakeholderRole.User,
        DefaultCurrency = "USD",
    };

    private static CrmSourceMapping Salesforce() => new()
    {
        Fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [CrmTargets.AccountName] = ["Account.Name", "Name"],
            [CrmTargets.Arr] = ["Amount"],
            [CrmTargets.Currency] = ["CurrencyIsoCode"],
            [CrmTargets.CloseDate] = ["CloseDate"],
            [CrmTargets.AeEmail] = ["Owner.Email"],
            [CrmTargets.Notes] = ["Description"],
        },
        Roles = Roles(
            ("Economic Buyer", StakeholderRole.EconomicBuyer),
            ("Economic Decision Maker", StakeholderRole.EconomicBuyer),
            ("Decision Maker", StakeholderRole.EconomicBuyer),
            ("Executive Sponsor", StakeholderRole.EconomicBuyer),
            ("Technical Buyer", StakeholderRole.Technical),
            ("Evaluator", StakeholderRole.Technical),
            ("Influencer", StakeholderRole.Champion),
            ("Champion", StakeholderRole.Champion),
            ("Business User", StakeholderRole.User)),
        DefaultRole = StakeholderRole.User,
        DefaultCurrency = "USD",
    };

    private static Dictionary<string, StakeholderRole> Roles(params (string Value, StakeholderRole Role)[] pairs) =>
        pairs.ToDictionary(p => p.Value, p => p.Role, StringComparer.OrdinalIgnoreCase);
}
