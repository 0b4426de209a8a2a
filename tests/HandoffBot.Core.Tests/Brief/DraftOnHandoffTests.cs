using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;
using static HandoffBot.Core.Tests.Support.People;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Handoff.AttachDraft / DecideDraftItem: drafts are suggestions; only the AE's decision puts a value in the context.</summary>
public sealed class DraftOnHandoffTests
{
    private readonly TestClock clock = new(HandoffBuilder.T0);

    private static BriefDraft Draft() => new()
    {
        Risks = [new Drafted<Risk>("r-1", new Risk(RiskCategory.Competitor, Severity.Medium, "Still talking to Samsara"), new Evidence("still talking to Samsara", "call-1", "Raj Patel", TimeSpan.FromMinutes(2)))],
        Goals = [new Drafted<string>("g-1", "Cut late deliveries", new Evidence("Our goal is to cut late deliveries", "call-1"))],
        Extractor = "offline",
    };

    private Handoff Empty() => new HandoffBuilder().WithContext(DealContext.Empty).Build(clock);

    [Fact]
    public void AttachDraft_RecordsItButFillsNothing()
    {
        var h = Empty();

        h.AttachDraft(Draft(), clock);

        Assert.Equal(2, h.Draft!.Count);
        Assert.Empty(h.Context.Risks);
        Assert.Empty(h.Context.Goals);
        Assert.Equal("brief.drafted", h.Audit[^1].Event);
        Assert.Contains("2 suggestion(s) by offline", h.Audit[^1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public void DecideDraftItem_Accepted_AddsTheValueToTheContext()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);

        h.DecideDraftItem("r-1", DraftDecision.Accepted, AeActor, clock);

        Assert.Equal("Still talking to Samsara", Assert.Single(h.Context.Risks).Description);
        Assert.Empty(h.Context.Goals);
        Assert.Equal(DraftDecision.Accepted, h.DraftDecisions["r-1"]);
        Assert.Contains(h.Audit, a => a.Event == "brief.decided");
    }

    [Fact]
    public void DecideDraftItem_Discarded_ChangesNoContext()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);

        h.DecideDraftItem("g-1", DraftDecision.Discarded, AeActor, clock);

        Assert.Empty(h.Context.Goals);
        Assert.Equal(DraftDecision.Discarded, h.DraftDecisions["g-1"]);
    }

    [Fact]
    public void DecideDraftItem_DiscardedAfterAccepting_TakesTheValueBackOut()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);
        h.UpdateContext(h.Context with { Risks = [new Risk(RiskCategory.Budget, Severity.Low, "Typed by the AE")] }, AeActor, clock);

        h.DecideDraftItem("r-1", DraftDecision.Accepted, AeActor, clock);
        h.DecideDraftItem("r-1", DraftDecision.Discarded, AeActor, clock);

        Assert.Equal("Typed by the AE", Assert.Single(h.Context.Risks).Description);
        Assert.Equal(DraftDecision.Discarded, h.DraftDecisions["r-1"]);
    }

    [Fact]
    public void DecideDraftItem_ByStranger_IsRefusedAndChangesNothing()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);

        Assert.Throws<NotAllowedException>(() => h.DecideDraftItem("r-1", DraftDecision.Accepted, StrangerActor, clock));
        Assert.Empty(h.Context.Risks);
        Assert.Empty(h.DraftDecisions);
    }

    [Fact]
    public void DecideDraftItem_UnknownItem_IsRefused()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);

        var ex = Assert.Throws<HandoffRuleException>(() => h.DecideDraftItem("r-404", DraftDecision.Accepted, AeActor, clock));

        Assert.Equal("no-such-suggestion", ex.Code);
    }

    [Fact]
    public void AttachDraft_AgainWithSameIds_KeepsEarlierDecisions()
    {
        var h = Empty();
        h.AttachDraft(Draft(), clock);
        h.DecideDraftItem("g-1", DraftDecision.Discarded, AeActor, clock);

        h.AttachDraft(Draft() with { Extractor = "llm:test" }, clock);

        Assert.Equal(DraftDecision.Discarded, h.DraftDecisions["g-1"]);
    }

    [Fact]
    public void KeepDecided_ItemTheNewDraftDropped_StaysWhenDecided()
    {
        var old = Draft();
        var fresh = new BriefDraft { Goals = [new Drafted<string>("g-2", "Other", new Evidence("Another goal here", "call-1"))] };

        var merged = BriefJobHandler.KeepDecided(fresh, old, new Dictionary<string, DraftDecision> { ["g-1"] = DraftDecision.Accepted });

        Assert.Equal(["g-2", "g-1"], merged.Goals.Select(g => g.Id));
        Assert.Empty(merged.Risks); // undecided items of the old draft go
    }
}
