using System.Text.Json.Serialization;
using HandoffBot.Core.Serialization;

namespace HandoffBot.Core.Handoffs;

/// <summary>The deal context CS needs (PRODUCT.md "Deal context"). Immutable; edits produce a new value.</summary>
public sealed record DealContext
{
    public static DealContext Empty { get; } = new();

    public IReadOnlyList<SoldItem> WhatWasSold { get; init; } = [];
    public IReadOnlyList<Commitment> Commitments { get; init; } = [];
    public IReadOnlyList<string> Goals { get; init; } = [];
    public IReadOnlyList<string> SuccessCriteria { get; init; } = [];
    public IReadOnlyList<Stakeholder> Stakeholders { get; init; } = [];
    public IReadOnlyList<Risk> Risks { get; init; } = [];
    public IReadOnlyList<SpecialTerm> SpecialTerms { get; init; } = [];
    public string? ExpansionPotential { get; init; }
    public DateOnly? TargetGoLive { get; init; }

    /// <summary>List fields the AE explicitly confirmed as "none" (no risks, no special terms…): filled, not missing.</summary>
    [JsonConverter(typeof(ReadOnlySetConverter<ContextField>))]
    public IReadOnlySet<ContextField> ConfirmedNone { get; init; } = new HashSet<ContextField>();
}

public sealed record SoldItem(string Product, int? Seats = null, IReadOnlyList<string>? Modules = null);

public sealed record Commitment(string What, DateOnly? Due, string? PromisedBy);

public enum StakeholderRole
{
    Champion,
    EconomicBuyer,
    User,
    Technical,
}

public sealed record Stakeholder(string Name, string? Email, StakeholderRole Role, string? Title = null);

public enum RiskCategory
{
    Budget,
    Timeline,
    Competitor,
    ChampionChange,
    TechnicalFit,
    Legal,
    ScopeCreepOversell,
    Other,
}

public enum Severity
{
    Low,
    Medium,
    High,
}

public sealed record Risk(RiskCategory Category, Severity Severity, string Description);

public enum SpecialTermKind
{
    Discount,
    Payment,
    Sla,
    Termination,
    Other,
}

public sealed record SpecialTerm(SpecialTermKind Kind, string Text);
