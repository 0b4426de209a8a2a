using CsCheck;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;
using static HandoffBot.Core.Tests.Support.People;

namespace HandoffBot.Core.Tests;

/// <summary>Notes and transcripts fit under a total per deal, on every path that adds them; the rest of the update still lands.</summary>
public sealed class SourceLimitTests
{
    private static readonly SourceLimit Limit = new(1000);
    private readonly TestClock clock = new(HandoffBuilder.T0);

    [Fact]
    public void Open_SourcesOverTheLimit_DealTakenIn_WhatFitsAdded_RestRefusedAndAudited()
    {
        var deal = new HandoffBuilder().Build(clock).Deal;

        var h = Handoff.Open("HO-CAP0001", deal, DealContext.Empty,
            [Note("n-1", 600), Note("n-2", 600), Note("n-3", 300)], [Transcript("t-1", 200)],
            "Enterprise", new Routing(Ae, OwnerRole.AccountExecutive, CsLead), [], clock, Limit, out var refused);

        Assert.Equal(Stage.ContextCapture, h.Stage);
        Assert.Equal(["n-1", "n-3"], h.Notes.Select(n => n.Id));
        Assert.Empty(h.Transcripts);
        Assert.Equal([new RefusedSource(SourceKind.Note, "n-2", 600), new RefusedSource(SourceKind.Transcript, "t-1", 200)], refused);
        Assert.Equal(900, h.SourceChars());
        var entry = Assert.Single(h.Audit, a => a.Event == "sources.refused");
        Assert.Contains("1,000 characters", entry.Details!, StringComparison.Ordinal);
        Assert.Contains("note n-2 (600 characters)", entry.Details!, StringComparison.Ordinal);
        Assert.DoesNotContain("xxx", entry.Details!, StringComparison.Ordinal); // ids and sizes, never the text
    }

    [Fact]
    public void CrmUpdate_OverTheLimit_RestOfTheUpdateApplies_TheSameRefusalAgainRecordsNothing()
    {
        var h = new HandoffBuilder().Build(clock);
        h.ApplyCrmUpdate(h.Deal, DealContext.Empty, [Note("n-1", 900)], [], clock, Limit, out _);

        var changed = h.ApplyCrmUpdate(h.Deal with { Arr = 1m }, DealContext.Empty, [Note("n-2", 200)], [], clock, Limit, out var refused);
        var audit = h.Audit.Count;
        var again = h.ApplyCrmUpdate(h.Deal, DealContext.Empty, [Note("n-2", 200)], [], clock, Limit, out var refusedAgain);

        Assert.Equal(["arr"], changed);
        Assert.Equal(1m, h.Deal.Arr);
        Assert.Equal("n-2", Assert.Single(refused).Id);
        Assert.Empty(again);
        Assert.Equal("n-2", Assert.Single(refusedAgain).Id);
        Assert.Equal(audit, h.Audit.Count);
        Assert.Single(h.Audit, a => a.Event == "sources.refused");
    }

    [Fact]
    public void DefaultOverloads_ApplyTheDefaultLimit()
    {
        var h = new HandoffBuilder().Build(clock);

        h.ApplyCrmUpdate(h.Deal, DealContext.Empty, [Note("big-1", 1_500_000), Note("big-2", 1_500_000)], [], clock);

        Assert.Equal(["big-1"], h.Notes.Select(n => n.Id));
        Assert.Equal(SourceLimit.DefaultMaxCharsPerDeal, SourceLimit.Default.MaxCharsPerDeal);
    }

    [Fact]
    public void AnySequenceOfUpdates_NeverHoldsMoreThanTheLimit_AndKeepsEverySourceItAccepted()
    {
        Gen.Int[0, 700].Array[1, 6].Array[1, 12].Sample(updates =>
        {
            var h = new HandoffBuilder().Build(new TestClock(HandoffBuilder.T0));
            var accepted = new List<string>();
            var n = 0;
            foreach (var sizes in updates)
            {
                var notes = sizes.Select(size => Note($"n-{n++}", size)).ToList();
                h.ApplyCrmUpdate(h.Deal, DealContext.Empty, notes, [], clock, Limit, out var refused);
                accepted.AddRange(notes.Select(x => x.Id).Except(refused.Select(r => r.Id)));
                Assert.True(h.SourceChars() <= Limit.MaxCharsPerDeal, $"{h.SourceChars()} held");
            }

            Assert.Equal(accepted, h.Notes.Select(x => x.Id));
        });
    }

    private static Note Note(string id, int chars) => new(id, null, null, new string('x', chars));

    private static Transcript Transcript(string id, int chars) => new(id, TranscriptFormat.Text, null, new string('y', chars));
}
