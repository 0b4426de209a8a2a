using HandoffBot.Core.Handoffs;
using static HandoffBot.Core.Tests.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Each rule of the offline extractor, with the traps the issue names: hypotheticals, negations, competitor names, risks resolved later.</summary>
public sealed class OfflineRuleTests
{
    [Fact]
    public void Commitment_SellerPromiseWithDate_HasWhatDueAndWho()
    {
        var draft = Call("Avery Brooks: We'll have your dispatchers trained by November 20 so you're live before the freeze.");

        var c = Assert.Single(draft.Commitments).Value;
        Assert.Equal(new DateOnly(2026, 11, 20), c.Due);
        Assert.Equal("Avery Brooks", c.PromisedBy);
        Assert.StartsWith("Have your dispatchers trained", c.What, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Avery Brooks: If you signed by Friday, we could maybe look at an extra discount.")] // hypothetical
    [InlineData("Avery Brooks: I can't commit to having PQ documentation ready by March.")] // negation
    [InlineData("Avery Brooks: I'll send over the recap and the order form tonight.")] // routine follow-up
    [InlineData("Avery Brooks: Can we have it live by March?")] // question
    [InlineData("Dana Ruiz: We will roll it out to three depots ourselves.")] // the customer's own plan
    public void Commitment_Traps_AreNotCommitments(string line)
    {
        Assert.Empty(Call(line).Commitments);
    }

    [Fact]
    public void Commitment_ButClause_KeepsThePromiseAfterTheRefusal()
    {
        var draft = Call("Avery Brooks: We can't do a permanent on-site engineer, but we can do quarterly on-site visits.");

        Assert.Contains("quarterly on-site visits", Assert.Single(draft.Commitments).Value.What, StringComparison.Ordinal);
    }

    [Fact]
    public void Commitment_NoteUnderNotCommittedHeading_IsNone()
    {
        var draft = Draft(Note("Commitments\nWe will deliver SSO before go-live.\n\nNot committed\nWe will build a custom connector if they pay for it."));

        Assert.Equal("Deliver SSO before go-live", Assert.Single(draft.Commitments).Value.What);
    }

    [Fact]
    public void GoalAndSuccess_GoalWithMeasurableTarget_IsBoth()
    {
        var draft = Call("Dana Ruiz: Our goal is to get late deliveries below three percent by March.");

        Assert.Single(draft.Goals);
        Assert.Single(draft.SuccessCriteria);
    }

    [Theory]
    [InlineData("Dana Ruiz: We're not trying to replace our workforce tool.")] // negation
    [InlineData("Avery Brooks: What are you trying to achieve with this?")] // our question
    [InlineData("Dana Ruiz: Right now about nine percent of our routes finish late.")] // a baseline, not a target
    public void GoalAndSuccess_Traps_AreNeither(string line)
    {
        var draft = Call(line);

        Assert.Empty(draft.Goals);
        Assert.Empty(draft.SuccessCriteria);
    }

    [Fact]
    public void Risk_ConcernWithCategory_HasCategoryAndSeverity()
    {
        var draft = Call("Dana Ruiz: My biggest worry is the POS integration. We run an older version and it doesn't have the APIs your docs assume.");

        var risk = Assert.Single(draft.Risks);
        Assert.Equal(RiskCategory.TechnicalFit, risk.Value.Category);
        Assert.Equal(Severity.High, risk.Value.Severity);
        Assert.Contains("doesn't have the APIs", risk.Evidence.Quote, StringComparison.Ordinal); // neighbouring sentences joined
    }

    [Fact]
    public void Risk_ResolvedLaterInTheCall_IsDropped()
    {
        var draft = Call(
            "Tom Becker: Honestly my worry is the security review. Our infosec team can take three months on a new vendor.",
            "Avery Brooks: Understood.",
            "Dana Ruiz: The freeze starts in December, so if we slip we lose the season.",
            "Tom Becker: Update: your SOC 2 report already cleared our infosec review, so that's done.");

        var risk = Assert.Single(draft.Risks);
        Assert.Equal(RiskCategory.Timeline, risk.Value.Category);
    }

    [Fact]
    public void Risk_ConcernResolvedInTheSameSentence_IsNone()
    {
        Assert.Empty(Call("Dana Ruiz: Our DPA redlines went back and forth for a month, but it was fully signed yesterday, so that's closed.").Risks);
    }

    [Theory]
    [InlineData("Dana Ruiz: We looked hard at Siemens as well. We chose you because of the faster rollout.")]
    [InlineData("Dana Ruiz: Sprout Social did offer us a cheaper deal, but we're happy with the decision.")]
    public void Risk_CompetitorNamedButNotAThreat_IsNone(string line)
    {
        Assert.Empty(Call(line).Risks);
    }

    [Fact]
    public void Risk_CompetitorStillInPlay_IsACompetitorRisk()
    {
        var risk = Assert.Single(Call("Raj Patel: We're still talking to Samsara, and their quote came in twenty percent lower than yours.").Risks);

        Assert.Equal(RiskCategory.Competitor, risk.Value.Category);
    }

    [Fact]
    public void Risk_ChampionLeaving_IsChampionChange()
    {
        var risk = Assert.Single(Call("Dana Ruiz: I'm moving to a new role at the end of next month, and my replacement hasn't been named yet.").Risks);

        Assert.Equal(RiskCategory.ChampionChange, risk.Value.Category);
    }

    [Fact]
    public void Term_TwoKindsInOneSentence_AreTwoTerms()
    {
        var draft = Call("Avery Brooks: Contract-wise you have a price lock for two years and a thirty-day termination window after the pilot.");

        Assert.Equal([SpecialTermKind.Discount, SpecialTermKind.Termination], draft.SpecialTerms.Select(t => t.Value.Kind));
    }

    [Theory]
    [InlineData("Avery Brooks: If you signed by Friday, we could maybe look at an extra discount.")]
    [InlineData("Raj Patel: And the uptime commitment is 99.95% with service credits, correct?")]
    [InlineData("Avery Brooks: We won't be able to change the liability cap.")]
    public void Term_HypotheticalQuestionOrRefusal_IsNone(string line)
    {
        Assert.Empty(Call(line).SpecialTerms);
    }

    [Fact]
    public void Term_NoteSaysStandardTerms_IsNone()
    {
        Assert.Empty(Draft(Note("No special commercial terms: standard pricing, standard payment terms, standard SLA.")).SpecialTerms);
    }

    [Fact]
    public void Stakeholders_RolesFromWhatIsSaid_AndNeverOurSide()
    {
        var draft = Call(
            "Avery Brooks: Thanks everyone. This is Sam, our solutions engineer.",
            "Dana Ruiz: So I'm Dana Ruiz, VP of Operations, and I've been the one pushing for this internally.",
            "Dana Ruiz: Raj Patel, our CFO, signs off on anything over fifty thousand.",
            "Dana Ruiz: And Tom Becker runs IT. He owns the integration.",
            "Sam Whitfield: Happy to help with the integration engineering.");

        var roles = draft.Stakeholders.ToDictionary(s => s.Value.Name, s => s.Value.Role);
        Assert.Equal(StakeholderRole.Champion, roles["Dana Ruiz"]);
        Assert.Equal(StakeholderRole.EconomicBuyer, roles["Raj Patel"]);
        Assert.Equal(StakeholderRole.Technical, roles["Tom Becker"]);
        Assert.Equal(3, roles.Count);
    }

    [Fact]
    public void Stakeholders_ProductNamesAndPeopleWithoutARole_AreNotStakeholders()
    {
        var draft = Call("Dana Ruiz: Oracle Retail and Culture Amp are in the stack. Natalie Brooks from procurement joined too.");

        Assert.Empty(draft.Stakeholders);
    }

    [Fact]
    public void Extract_OneBadSourceAmongGoodOnes_ReportsItAndDraftsTheRest()
    {
        var extractor = new HandoffBot.Core.Brief.OfflineBriefExtractor(TimeProvider.System);
        var request = new HandoffBot.Core.Brief.BriefRequest(
            [Transcript("not a vtt", TranscriptFormat.Vtt, "bad"), Note("We committed to SSO before go-live.", "good")],
            HandoffBot.Core.Brief.DealHints.None);

        var draft = extractor.Extract(request);

        Assert.Equal("bad", Assert.Single(draft.SourceErrors).SourceId);
        Assert.Equal("good", Assert.Single(draft.Commitments).Evidence.SourceId);
    }
    [Fact]
    public void Sides_StatedBySource_OutrankHowSpeakersTalk()
    {
        // No seller is named on the deal; the participants NOTE says who is whose. The customer talks like a
        // vendor ("as agreed", "your team") and the vendor's engineer says "I sign off": the NOTE decides.
        const string vtt = """
            WEBVTT

            NOTE
            Participants:
            Sam Lee (internal)
            Dana Ruiz (external)

            00:00:01.000 --> 00:00:05.000
            Sam Lee: We'll have the Salesforce connector live by June 12. I sign off on the budget for the rollout work on our side.

            00:00:05.500 --> 00:00:12.000
            Dana Ruiz: As agreed, your team gets our sandbox by Friday. I sign off on the budget for this rollout.
            """;

        var draft = Draft(Transcript(vtt, TranscriptFormat.Vtt));

        Assert.Equal("Sam Lee", Assert.Single(draft.Commitments).Value.PromisedBy);
        var person = Assert.Single(draft.Stakeholders).Value;
        Assert.Equal("Dana Ruiz", person.Name);
        Assert.Equal(StakeholderRole.EconomicBuyer, person.Role);
    }
}
