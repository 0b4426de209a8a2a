using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Tests.Support;

/// <summary>A stage clock with a settable "now" and a fixed SLA per stage (hours of real time).</summary>
public sealed class TestClock(DateTimeOffset now) : IStageClock
{
    public DateTimeOffset Now { get; set; } = now;

    public TimeSpan StageSla { get; set; } = TimeSpan.FromHours(24);

    public DateTimeOffset? DueFor(Handoff handoff) => handoff.Stage is Stage.Outcome or Stage.Onboarding ? null : Now + StageSla;

    public void Advance(TimeSpan by) => Now += by;
}

public static class People
{
    public const string Ae = "avery.ae@example.com";
    public const string Csm = "casey.csm@example.com";
    public const string Csm2 = "chris.csm@example.com";
    public const string CsLead = "cs-lead@example.com";
    public const string RevOps = "revops@example.com";
    public const string Stranger = "stranger@example.com";

    public static Actor AeActor => Actor.Of(Ae, PersonRole.AccountExecutive);
    public static Actor CsmActor => Actor.Of(Csm, PersonRole.Csm);
    public static Actor Csm2Actor => Actor.Of(Csm2, PersonRole.Csm);
    public static Actor LeadActor => Actor.Of(CsLead, PersonRole.CsLead, PersonRole.Manager);
    public static Actor RevOpsActor => Actor.Of(RevOps, PersonRole.RevOpsAdmin);
    public static Actor StrangerActor => Actor.Of(Stranger);
}

/// <summary>Builds handoffs in any stage with sensible, complete data unless told otherwise.</summary>
public sealed class HandoffBuilder
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    private Deal deal = new()
    {
        CrmId = "CRM-1001",
        AccountName = "Acme Logistics",
        Arr = 120_000m,
        Currency = "USD",
        Segment = "Enterprise",
        CloseDate = new DateOnly(2026, 10, 30),
        CrmUrl = new Uri("https://crm.example.com/deals/1001"),
        CustomerTimeZone = "America/Chicago",
        AeEmail = People.Ae,
        CsmEmail = People.Csm,
    };

    private DealContext context = CompleteContext;
    private Routing routing = new(People.Ae, OwnerRole.AccountExecutive, People.CsLead);
    private Stage target = Stage.ContextCapture;

    public static DealContext CompleteContext { get; } = new()
    {
        WhatWasSold = [new SoldItem("Route Planner", 250, ["Analytics"])],
        Commitments = [new Commitment("SSO live before go-live", new DateOnly(2026, 12, 15), People.Ae)],
        Goals = ["Cut late deliveries"],
        SuccessCriteria = ["Late deliveries below 3% by March"],
        Stakeholders = [new Stakeholder("Dana Ruiz", "dana@acme.example", StakeholderRole.Champion, "VP Operations")],
        Risks = [new Risk(RiskCategory.Timeline, Severity.Medium, "Peak season freeze in December")],
        SpecialTerms = [new SpecialTerm(SpecialTermKind.Discount, "15% year-one discount")],
        ExpansionPotential = "Two more depots next year",
        TargetGoLive = new DateOnly(2027, 1, 15),
    };

    public static IReadOnlyList<FieldRule> Rules { get; } = PlaybookLoader.DefaultFields;

    public HandoffBuilder WithDeal(Func<Deal, Deal> change)
    {
        deal = change(deal);
        return this;
    }

    public HandoffBuilder WithContext(DealContext value)
    {
        context = value;
        return this;
    }

    public HandoffBuilder WithoutCsm() => WithDeal(d => d with { CsmEmail = null });

    public HandoffBuilder WithRouting(Routing value)
    {
        routing = value;
        return this;
    }

    public HandoffBuilder InStage(Stage stage)
    {
        target = stage;
        return this;
    }

    public Handoff Build(TestClock? clock = null)
    {
        clock ??= new TestClock(T0);
        var h = Handoff.Open("HO-TEST001", deal, context, [], [], "Enterprise", routing, [], clock);
        var steps = new (Stage From, Action Step)[]
        {
            (Stage.ContextCapture, () => h.SubmitContext(People.AeActor, Rules, clock)),
            (Stage.CsReview, () => h.Accept(deal.CsmEmail is null ? People.CsmActor : Actor.Of(deal.CsmEmail, PersonRole.Csm), clock)),
            (Stage.InternalHandoff, () =>
            {
                h.ConfirmInternalSync(SyncMode.Meeting, People.AeActor, clock);
                h.ConfirmInternalSync(SyncMode.Meeting, Actor.Of(h.Deal.CsmEmail!, PersonRole.Csm), clock);
            }),
            (Stage.WarmIntro, () => h.MarkIntroSent(People.AeActor, clock)),
            (Stage.Kickoff, () => h.RecordKickoffHeld(DateOnly.FromDateTime(clock.Now.UtcDateTime), Actor.Of(h.Deal.CsmEmail!, PersonRole.Csm), clock)),
            (Stage.Onboarding, () => h.RecordOutcome(OutcomeKind.FirstValue, DateOnly.FromDateTime(clock.Now.UtcDateTime), null, Actor.Of(h.Deal.CsmEmail!, PersonRole.Csm), clock)),
        };
        foreach (var (from, step) in steps)
        {
            if (h.Stage == target)
            {
                break;
            }

            Assert.Equal(from, h.Stage);
            clock.Advance(TimeSpan.FromHours(1));
            step();
        }

        Assert.Equal(target, h.Stage);
        return h;
    }
}
