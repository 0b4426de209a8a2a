using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using static HandoffBot.Core.Tests.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

public sealed class GroundingTests
{
    // Two cues of one speaker that the reader keeps apart ("Without" in capitals: not one sentence
    // split over cues, which the reader would join), so a quote can run from one into the next.
    private static readonly HandoffBot.Core.Brief.Sources.ParsedSource Call = Parse(Transcript(
        "WEBVTT\n\n00:01:00.000 --> 00:01:05.000\n<v Dana Ruiz>We can’t go live\n\n00:01:05.000 --> 00:01:09.000\n<v Dana Ruiz>Without   a signed BAA.\n\n00:02:00.000 --> 00:02:04.000\n<v Raj Patel>Net sixty — non-negotiable.\n",
        HandoffBot.Core.Handoffs.TranscriptFormat.Vtt));

    [Theory]
    [InlineData("we can't go live without a signed baa.")] // case, typographic apostrophe, whitespace, across two cues
    [InlineData("\"We can’t go live without a signed BAA…\"")] // wrapping quotes and an ellipsis an LLM added
    [InlineData("Dana Ruiz: We can’t go live without a signed BAA.")] // a speaker label an LLM copied
    [InlineData("Net sixty - non-negotiable.")] // a dash folded
    public void Find_QuoteAfterNormalisation_IsFound(string quote)
    {
        Assert.NotNull(new Grounding(Call).Find(quote));
    }

    [Theory]
    [InlineData("We cannot go live without a signed BAA.")] // paraphrase
    [InlineData("We can't go live ... signed BAA.")] // stitched
    [InlineData("go live")] // too short to prove anything
    [InlineData("")]
    public void Find_QuoteNotInSource_IsNotFound(string quote)
    {
        Assert.Null(new Grounding(Call).Find(quote));
    }

    [Fact]
    public void Assemble_UngroundedItem_IsDroppedAndCounted()
    {
        var candidates = new DraftCandidates();
        candidates.Risks.Add(new(new Risk(RiskCategory.Legal, Severity.High, "BAA"), "call-1", "without a signed BAA", 0.9));
        candidates.Risks.Add(new(new Risk(RiskCategory.Budget, Severity.High, "invented"), "call-1", "The CFO has frozen all spending until 2027.", 0.9));

        var draft = DraftAssembler.Assemble(candidates, [Call], [], "test", CallDate);

        var risk = Assert.Single(draft.Risks);
        Assert.Equal(1, draft.DroppedUngrounded);
        Assert.Equal(RiskCategory.Legal, risk.Value.Category);
    }

    [Fact]
    public void Assemble_Evidence_ComesFromTheSourceNotTheExtractor()
    {
        var candidates = new DraftCandidates();
        candidates.SpecialTerms.Add(new(new SpecialTerm(SpecialTermKind.Payment, "Net 60"), "not-a-source-id", "net SIXTY - non-negotiable", 1.5));

        var item = Assert.Single(DraftAssembler.Assemble(candidates, [Call], [], "test", CallDate).SpecialTerms);

        Assert.Equal("Net sixty — non-negotiable", item.Evidence.Quote); // the source's own words
        Assert.Equal("call-1", item.Evidence.SourceId);
        Assert.Equal("Raj Patel", item.Evidence.Speaker);
        Assert.Equal(TimeSpan.FromMinutes(2), item.Evidence.Offset);
        Assert.Equal(CallDate, item.Evidence.SourceDate);
        Assert.Equal(1.0, item.Evidence.Confidence);
    }

    [Fact]
    public void Assemble_SameItemTwice_HasOneStableId()
    {
        var candidates = new DraftCandidates();
        candidates.Goals.Add(new("go live", "call-1", "without a signed BAA.", 0.5));
        candidates.Goals.Add(new("go live", "call-1", "WITHOUT a  signed baa.", 0.7));

        var first = DraftAssembler.Assemble(candidates, [Call], [], "test", CallDate);
        var again = DraftAssembler.Assemble(candidates, [Call], [], "test", CallDate.AddDays(1));

        var goal = Assert.Single(first.Goals);
        Assert.Equal(0.7, goal.Evidence.Confidence);
        Assert.Equal(goal.Id, Assert.Single(again.Goals).Id);
        Assert.StartsWith("g-", goal.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_QuoteAcrossTwoCues_IsDroppedAndEvidenceIsVerbatim()
    {
        var candidates = new DraftCandidates();
        candidates.Risks.Add(new(new Risk(RiskCategory.Legal, Severity.High, "BAA"), "call-1", "We can't go live without a signed BAA", 0.9));
        candidates.Risks.Add(new(new Risk(RiskCategory.Legal, Severity.High, "BAA"), "call-1", "without a signed BAA.", 0.9));

        var draft = DraftAssembler.Assemble(candidates, [Call], [], "test", CallDate);

        // The file has a timing line between the two cues: a quote joining them is not in it as written.
        Assert.Equal(1, draft.DroppedUngrounded);
        Assert.Equal("Without   a signed BAA.", Assert.Single(draft.Risks).Evidence.Quote);
    }
}
