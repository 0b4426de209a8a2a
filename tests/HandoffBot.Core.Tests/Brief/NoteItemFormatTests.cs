using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Task lists and "Key points" bullets: items, each quoted verbatim from after its checkbox.</summary>
public sealed class NoteItemFormatTests
{
    private const string Notes = """
        # Call notes

        ## Key points
        - Acme wants onboarding down to two weeks by Q3
        - IT is stretched thin until March

        ## Next steps
        - [ ] Avery: book the technical deep-dive for next Tuesday
        - [x] Dana: share the current onboarding checklist
        * [ ] Avery Brooks: set up the sandbox by Friday
        """;

    [Fact]
    public void Split_TaskListLine_SentenceStartsAfterTheCheckbox()
    {
        var parsed = Sources.Parse(Sources.Note(Notes));

        var items = Segmenter.Split(parsed).Where(s => s.Section == Section.NextSteps).Select(s => s.Text).ToList();

        Assert.Equal(["Avery: book the technical deep-dive for next Tuesday", "Dana: share the current onboarding checklist", "Avery Brooks: set up the sandbox by Friday"], items);
        Assert.All(items, i => Assert.Contains(i, parsed.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Find_TaskListWithOwnerFirst_IsACommitmentOfThatOwnerQuotedVerbatim()
    {
        var parsed = Sources.Parse(Sources.Note(Notes));
        var views = OfflineBriefExtractor.Views(parsed, DealHints.None);

        var found = CommitmentFinder.Find(views).ToList();

        var deepDive = Assert.Single(found, f => parsed.Text[f.Start..f.End].Contains("deep-dive", StringComparison.Ordinal));
        Assert.Equal("Avery: book the technical deep-dive for next Tuesday", parsed.Text[deepDive.Start..deepDive.End]);
        Assert.Equal("Avery", ((Commitment)deepDive.Value!).PromisedBy);
        Assert.All(found, f => Assert.Contains(parsed.Text[f.Start..f.End], Notes, StringComparison.Ordinal));
        Assert.All(found, f => Assert.DoesNotContain("[", parsed.Text[f.Start..f.End], StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TranscriptEndingInKeyPoints_BulletsAreItemsOfNoSpeaker()
    {
        var parsed = Sources.Parse(Sources.Transcript("""
            Avery Brooks: Thanks for joining.
            Dana Ruiz: Our goal is two-week onboarding.
            Key points:
            - Acme wants onboarding down to two weeks
            - [ ] Avery: send the questionnaire by Friday
            Avery Brooks: One more thing.
            """));

        Assert.Equal(
            [("Avery Brooks", "Thanks for joining."), ("Dana Ruiz", "Our goal is two-week onboarding."), (null, "Acme wants onboarding down to two weeks"), (null, "Avery: send the questionnaire by Friday"), ("Avery Brooks", "One more thing.")],
            parsed.Utterances.Select(u => (u.Speaker, parsed.TextOf(u))));
    }

    [Fact]
    public void Read_TranscriptBulletsWithoutAHeading_StillContinueTheTurn()
    {
        var parsed = Sources.Parse(Sources.Transcript("Avery Brooks: We offer three things:\n- training\nDana Ruiz: Good."));

        Assert.Equal("Avery Brooks", parsed.Utterances[1].Speaker);
    }

    [Fact]
    public void Contact_SegmentEndingBeforeTheName_IsNoContactLine() =>
        Assert.Null(StakeholderFinder.Contact("Dana Ruiz, CFO of Acme", 9, 4));
}
