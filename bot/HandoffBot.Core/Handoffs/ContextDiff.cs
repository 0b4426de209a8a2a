namespace HandoffBot.Core.Handoffs;

/// <summary>Field-level comparison and merge of deal contexts.</summary>
public static class ContextDiff
{
    public static IReadOnlyList<ContextField> ChangedFields(DealContext before, DealContext after)
    {
        var changed = new List<ContextField>();
        if (!before.WhatWasSold.SequenceEqual(after.WhatWasSold, SoldItemComparer.Instance)) changed.Add(ContextField.WhatWasSold);
        if (!before.Commitments.SequenceEqual(after.Commitments)) changed.Add(ContextField.Commitments);
        if (!before.Goals.SequenceEqual(after.Goals, StringComparer.Ordinal)) changed.Add(ContextField.Goals);
        if (!before.SuccessCriteria.SequenceEqual(after.SuccessCriteria, StringComparer.Ordinal)) changed.Add(ContextField.SuccessCriteria);
        if (!before.Stakeholders.SequenceEqual(after.Stakeholders)) changed.Add(ContextField.Stakeholders);
        if (!before.Risks.SequenceEqual(after.Risks)) changed.Add(ContextField.Risks);
        if (!before.SpecialTerms.SequenceEqual(after.SpecialTerms)) changed.Add(ContextField.SpecialTerms);
        if (!string.Equals(before.ExpansionPotential, after.ExpansionPotential, StringComparison.Ordinal)) changed.Add(ContextField.ExpansionPotential);
        if (before.TargetGoLive != after.TargetGoLive) changed.Add(ContextField.TargetGoLive);
        foreach (var field in before.ConfirmedNone.Except(after.ConfirmedNone).Union(after.ConfirmedNone.Except(before.ConfirmedNone)))
        {
            if (!changed.Contains(field)) changed.Add(field);
        }

        return changed;
    }

    /// <summary>Fills fields that are empty in <paramref name="current"/> from <paramref name="incoming"/>; never overwrites.</summary>
    public static DealContext FillEmpty(DealContext current, DealContext incoming) => current with
    {
        WhatWasSold = current.WhatWasSold.Count > 0 ? current.WhatWasSold : incoming.WhatWasSold,
        Commitments = current.Commitments.Count > 0 ? current.Commitments : incoming.Commitments,
        Goals = current.Goals.Count > 0 ? current.Goals : incoming.Goals,
        SuccessCriteria = current.SuccessCriteria.Count > 0 ? current.SuccessCriteria : incoming.SuccessCriteria,
        Stakeholders = current.Stakeholders.Count > 0 ? current.Stakeholders : incoming.Stakeholders,
        Risks = current.Risks.Count > 0 ? current.Risks : incoming.Risks,
        SpecialTerms = current.SpecialTerms.Count > 0 ? current.SpecialTerms : incoming.SpecialTerms,
        ExpansionPotential = string.IsNullOrWhiteSpace(current.ExpansionPotential) ? incoming.ExpansionPotential : current.ExpansionPotential,
        TargetGoLive = current.TargetGoLive ?? incoming.TargetGoLive,
    };

    /// <summary>Records compare lists by reference; sold items compare by content.</summary>
    private sealed class SoldItemComparer : IEqualityComparer<SoldItem>
    {
        public static readonly SoldItemComparer Instance = new();

        public bool Equals(SoldItem? x, SoldItem? y) =>
            x is not null && y is not null
            && string.Equals(x.Product, y.Product, StringComparison.Ordinal)
            && x.Seats == y.Seats
            && (x.Modules ?? []).SequenceEqual(y.Modules ?? [], StringComparer.Ordinal);

        public int GetHashCode(SoldItem obj) => StringComparer.Ordinal.GetHashCode(obj.Product);
    }
}
