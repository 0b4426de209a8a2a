using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Grammar;

/// <summary>One filled value per context field, written the way a real deal has them. A new field needs a row here.</summary>
internal static class ContextSamples
{
    public static IReadOnlyDictionary<ContextField, DealContext> ByField { get; } = new Dictionary<ContextField, DealContext>
    {
        [ContextField.WhatWasSold] = DealContext.Empty with { WhatWasSold = [new SoldItem("Fleet Platform", 1250, ["Routing", "Telematics"]), new SoldItem("Support Plus")] },
        [ContextField.Commitments] = DealContext.Empty with { Commitments = [new Commitment("SSO before go-live", new DateOnly(2026, 12, 15), "Avery Brooks"), new Commitment("Weekly check-ins until launch", null, null)] },
        [ContextField.Goals] = DealContext.Empty with { Goals = ["Cut late deliveries by 20%", "Fewer “where is my truck?” calls"] },
        [ContextField.SuccessCriteria] = DealContext.Empty with { SuccessCriteria = ["Late deliveries below 3% by March"] },
        [ContextField.Stakeholders] = DealContext.Empty with
        {
            Stakeholders = [new Stakeholder("Dana Ruiz", "dana.ruiz@acme.example", StakeholderRole.EconomicBuyer, "VP Operations"), new Stakeholder("Lee Chen", null, StakeholderRole.Technical)],
        },
        [ContextField.Risks] = DealContext.Empty with { Risks = [new Risk(RiskCategory.ScopeCreepOversell, Severity.High, "Promised a custom report"), new Risk(RiskCategory.Budget, Severity.Low, "Budget is tight next quarter")] },
        [ContextField.SpecialTerms] = DealContext.Empty with { SpecialTerms = [new SpecialTerm(SpecialTermKind.Payment, "Net 60"), new SpecialTerm(SpecialTermKind.Other, "Logo rights for a case study")] },
        [ContextField.ExpansionPotential] = DealContext.Empty with { ExpansionPotential = "Two more depots in 2027" },
        [ContextField.TargetGoLive] = DealContext.Empty with { TargetGoLive = new DateOnly(2027, 1, 15) },
    };

    /// <summary>Every field filled at once.</summary>
    public static DealContext All { get; } = new()
    {
        WhatWasSold = ByField[ContextField.WhatWasSold].WhatWasSold,
        Commitments = ByField[ContextField.Commitments].Commitments,
        Goals = ByField[ContextField.Goals].Goals,
        SuccessCriteria = ByField[ContextField.SuccessCriteria].SuccessCriteria,
        Stakeholders = ByField[ContextField.Stakeholders].Stakeholders,
        Risks = ByField[ContextField.Risks].Risks,
        SpecialTerms = ByField[ContextField.SpecialTerms].SpecialTerms,
        ExpansionPotential = ByField[ContextField.ExpansionPotential].ExpansionPotential,
        TargetGoLive = ByField[ContextField.TargetGoLive].TargetGoLive,
    };
}
