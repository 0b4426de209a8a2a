using HandoffBot.Core.Grammar;

namespace HandoffBot.Core.Handoffs;

/// <summary>The fields that count towards completeness. Names are the playbook's keys (camelCase).</summary>
public enum ContextField
{
    WhatWasSold,
    Commitments,
    Goals,
    SuccessCriteria,
    Stakeholders,
    Risks,
    SpecialTerms,
    ExpansionPotential,
    TargetGoLive,
    CustomerTimeZone,
    CrmLink,
    Notes,
}

public static class ContextFields
{
    public static IReadOnlyList<ContextField> All { get; } = Enum.GetValues<ContextField>();

    /// <summary>List fields the AE may confirm as "none" instead of filling.</summary>
    public static IReadOnlySet<ContextField> CanBeNone { get; } = new HashSet<ContextField>
    {
        ContextField.Commitments, ContextField.Risks, ContextField.SpecialTerms,
    };

    public static string Key(this ContextField field)
    {
        var name = field.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static string Label(this ContextField field) => field switch
    {
        ContextField.WhatWasSold => "What was sold",
        ContextField.Commitments => "Commitments made in the sale",
        ContextField.Goals => "Customer goals",
        ContextField.SuccessCriteria => "Success criteria",
        ContextField.Stakeholders => "Stakeholders",
        ContextField.Risks => "Risks",
        ContextField.SpecialTerms => "Special terms",
        ContextField.ExpansionPotential => "Expansion potential",
        ContextField.TargetGoLive => "Target go-live date",
        ContextField.CustomerTimeZone => "Customer time zone",
        ContextField.CrmLink => "CRM link",
        ContextField.Notes => "Notes or call transcripts",
        _ => field.ToString(),
    };

    public static bool TryParseKey(string? key, out ContextField field)
    {
        field = default;
        return !string.IsNullOrWhiteSpace(key)
            && Enum.TryParse(key.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out field)
            && Enum.IsDefined(field);
    }

    /// <summary>Whether the handoff has a value for the field (or the AE confirmed "none").</summary>
    public static bool IsFilled(this ContextField field, Deal deal, DealContext context, int sourceCount)
    {
        if (context.ConfirmedNone.Contains(field) && CanBeNone.Contains(field))
        {
            return true;
        }

        return field switch
        {
            ContextField.CustomerTimeZone => !string.IsNullOrWhiteSpace(deal.CustomerTimeZone),
            ContextField.CrmLink => deal.CrmUrl is not null,
            ContextField.Notes => sourceCount > 0,
            _ => ContextGrammar.Find(field)?.HasValue(context) ?? false,
        };
    }
}
