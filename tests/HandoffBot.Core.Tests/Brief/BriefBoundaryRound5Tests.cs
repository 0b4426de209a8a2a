using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>
/// Round 5's boundaries (docs/ai-brief.md): the structural commitment finder (commitment vs special term, vs routine
/// follow-up, vs the customer's plan, vs a product feature) and the stakeholder finder's contact lines (customer vs
/// vendor, speaker label vs name, someone else's role). Text written for these tests.
/// </summary>
public sealed class BriefBoundaryRound5Tests
{
    private const string Rep = "AE (Jordan Blake)";
    private const string Buyer = "Prospect (Dana Ruiz)";

    [Theory]
    [InlineData("We'll set up your SSO integration by Friday.", 0.9)]
    [InlineData("We're going to deploy the gateways within two weeks.", 0.9)]
    [InlineData("We will migrate your historical tickets into the new workspace.", 0.8)]
    [InlineData("We'll have your dispatchers trained by Friday.", 0.9)]
    [InlineData("I'll have our integration engineer connect the warehouse system.", 0.9)]
    [InlineData("We offer training sessions to get your dispatchers up to speed.", 0.7)]
    [InlineData("Data migration is included in the implementation package.", 0.7)]
    public void Commitment_OurSidesPromise_IsFound_WithItsConfidence(string said, double confidence)
    {
        var v = Said(Rep, said);

        Assert.Equal(confidence, CommitmentFinder.Of(v));
    }

    [Theory]
    [InlineData("We provide 24/7 support with a four-hour response SLA.")]
    [InlineData("I'll add a clause so you can cancel with thirty days' notice.")]
    [InlineData("It comes to $40 per seat per month, and we'll onboard your team.")]
    [InlineData("We can run a two-week pilot at no cost.")]
    public void Commitment_ContractTermsAndPrices_AreTermsNotCommitments(string said)
    {
        Assert.Null(CommitmentFinder.Of(Said(Rep, said)));
    }

    [Theory]
    [InlineData("I'll send you the proposal today.")]
    [InlineData("I'll bring our solutions engineer to the next call.")]
    [InlineData("I'll share a case study from a similar company.")]
    [InlineData("Let me dig into what we can do on pricing.")]
    [InlineData("If you sign this month we will configure the whole fleet.")]
    [InlineData("We can't migrate the archive before the freeze.")]
    public void Commitment_RoutineFollowUpsHedgesAndRefusals_AreNotCommitments(string said)
    {
        Assert.Null(CommitmentFinder.Of(Said(Rep, said)));
    }

    [Fact]
    public void Commitment_TheCustomersOwnPlan_IsNotOurCommitment()
    {
        Assert.Null(CommitmentFinder.Of(Said(Buyer, "We will train our dispatchers ourselves by November.")));
    }

    [Fact]
    public void Commitment_AProductFeature_IsNotACommitment_ButHelpOnHandIs()
    {
        Assert.Null(CommitmentFinder.Of(Said(Rep, "We've got seamless integration with most ticketing tools.")));
        Assert.Equal(0.7, CommitmentFinder.Of(Said(Rep, "We have a support team to help with the switch.")));
    }

    [Fact]
    public void Commitment_NegationInAPurposeClause_DoesNotUndoThePromise()
    {
        Assert.Equal(0.7, CommitmentFinder.Of(Said(Rep, "We offer onboarding and training, so your team won't feel lost.")));
    }

    [Fact]
    public void Commitment_NoteActionItemsWithOwnerOrDate_AreCommitments_RoutineOnesAreNot()
    {
        var views = Note("- [ ] Configure the data export for the finance team — Jordan Blake, by Feb 17\n- [ ] Send the proposal to Dana Ruiz — Jordan Blake, by Feb 10\n");

        Assert.Equal(0.9, CommitmentFinder.Of(views[0]));
        Assert.Null(CommitmentFinder.Of(views[1]));
    }

    [Fact]
    public void Promised_ASentenceShownAsATerm_IsNotAlsoACommitment_AndTheModelGateApplies()
    {
        var views = Transcript($"{Rep}: We'll set up your SSO integration by Friday.\n{Buyer}: Great.\n");
        var promises = CommitmentFinder.Find(views).ToList();
        var index = promises.Single().SentenceIndex;
        LearnedLayer.Scored Scored(double commitment, double term) => new(views[index], [1 - commitment - term, commitment, 0, 0, 0, term]);

        Assert.Single(LearnedLayer.Promised(promises, [Scored(0.1, 0.2)], 0.7, 0, 0.9));
        Assert.Empty(LearnedLayer.Promised(promises, [Scored(0, 0.9)], 0.7, 0, 0.5));
        Assert.Empty(LearnedLayer.Promised(promises, [Scored(0.1, 0)], 0.7, 0.2, 0.5));
        Assert.Single(LearnedLayer.Promised(promises, [Scored(0.3, 0)], 0.7, 0.2, 0.5));
        Assert.Empty(LearnedLayer.Promised(promises, [Scored(0.3, 0)], 0.95, 0, 0.5));
    }

    [Fact]
    public void Stakeholders_ContactLine_CustomerIsFound_VendorJobIsNot()
    {
        var found = People(Note("Attendees: Dana Ruiz (Northwind Freight, VP Operations), Sam Lee (Account Executive)\n"));

        var dana = Assert.Single(found);
        Assert.Equal("Dana Ruiz", dana.Value.Name);
        Assert.Equal("Dana Ruiz (Northwind Freight, VP Operations)", dana.Quote);
    }

    [Fact]
    public void Stakeholders_ContactTableRow_WithAStatedRole_IsTheStrongest()
    {
        var found = People(Note("| Name | Title | Notes |\n|---|---|---|\n| Priya Nair | Head of Support | Primary contact, drove the evaluation |\n"));

        var priya = Assert.Single(found);
        Assert.Equal(StakeholderRole.Champion, priya.Value.Role);
        Assert.Equal(0.9, priya.Confidence);
    }

    [Fact]
    public void Stakeholders_ContactLine_TitleAloneIsWeakerThanWhatIsSaidAboutThePerson()
    {
        var found = People(Note("Dana Ruiz (VP Operations)\nDana Ruiz holds the budget and signs off on the order form.\n"));

        var dana = Assert.Single(found);
        Assert.Equal(StakeholderRole.EconomicBuyer, dana.Value.Role);
        Assert.StartsWith("Dana Ruiz holds the budget", dana.Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void Stakeholders_SpeakerLabelIsNeverAName_EvenOnAContactLikeLine()
    {
        var found = People(Transcript("Customer: Hi, I'm the CFO and I sign off on the budget.\nSales Rep: Thanks.\n"));

        Assert.DoesNotContain(found, p => p.Value.Name.Contains("Customer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Stakeholders_SomeoneElsesRole_IsNotTheSpeakers()
    {
        var found = People(Transcript($"{Rep}: Who approves this?\n{Buyer}: Our CEO approved the budget last week.\n"));

        Assert.DoesNotContain(found, p => p.Value.Name == "Dana Ruiz" && p.Value.Role == StakeholderRole.EconomicBuyer);
    }

    [Fact]
    public void Stakeholders_TheSpeakersOwnRole_StillCounts_WhenTheBoardIsOnlyMentioned()
    {
        var found = People(Transcript($"{Rep}: Thanks for joining.\n{Buyer}: I'm the COO here, I signed off on this with our board.\n"));

        var dana = Assert.Single(found);
        Assert.Equal(StakeholderRole.EconomicBuyer, dana.Value.Role);
    }

    [Theory]
    [InlineData("Send it to me and copy our CFO, Amanda.", "Amanda", StakeholderRole.EconomicBuyer)]
    [InlineData("I'll loop in our head of IT, Dana Ruiz, for the integration questions.", "Dana Ruiz", StakeholderRole.Technical)]
    [InlineData("Nina, our operations manager, will run the rollout.", "Nina", StakeholderRole.User)]
    public void Stakeholders_ACustomerNamingAColleagueByTheirJob_IsAStakeholder(string said, string name, StakeholderRole role)
    {
        var found = People(Transcript($"{Rep}: Who else should be involved?\n{Buyer}: {said}\n"));

        var person = Assert.Single(found, p => p.Value.Name == name);
        Assert.Equal(role, person.Value.Role);
        Assert.Equal(0.8, person.Confidence);
    }

    [Fact]
    public void Stakeholders_OurSideNamingItsOwnColleague_IsNever()
    {
        var found = People(Transcript($"{Rep}: I'll bring our solutions architect, Tom, to the next call.\n{Buyer}: Sounds good.\n"));

        Assert.DoesNotContain(found, p => p.Value.Name.StartsWith("Tom", StringComparison.Ordinal));
    }

    [Fact]
    public void Stakeholders_ContactTableRow_NameNeedNotBeInTheGivenNameLexicon()
    {
        var found = People(Note("| Name | Title | Role |\n|---|---|---|\n| Zorwin Halvorsen | Director of Finance | Budget owner |\n| Quill Adebayo | Account Executive | Our AE |\n"));

        var person = Assert.Single(found);
        Assert.Equal("Zorwin Halvorsen", person.Value.Name);
        Assert.Equal(StakeholderRole.EconomicBuyer, person.Value.Role);
    }

    private static SentenceView Said(string speaker, string text) =>
        Transcript($"{speaker}: {text}\n{(speaker == Rep ? Buyer : Rep)}: Okay.\n").First(v => v.Sentence.Speaker == speaker);

    private static List<SentenceView> Transcript(string content) =>
        OfflineBriefExtractor.Views(SourceReader.Read(new BriefSource("t", SourceKind.Transcript, TranscriptFormat.Text, null, null, content)).Source!, DealHints.None);

    private static List<SentenceView> Note(string content) =>
        OfflineBriefExtractor.Views(SourceReader.Read(new BriefSource("n", SourceKind.Note, TranscriptFormat.Text, null, "Jordan Blake", content)).Source!, DealHints.None);

    private static List<Proposed<Stakeholder>> People(List<SentenceView> views) => [.. StakeholderFinder.Find(views, DealHints.None)];
}
