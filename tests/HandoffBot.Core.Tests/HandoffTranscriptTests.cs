using System.Text.Json;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;

namespace HandoffBot.Core.Tests;

public sealed class HandoffTranscriptTests
{
    private readonly TestClock clock = new(HandoffBuilder.T0);

    private static Transcript Call(string id = "call-1", string content = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana Ruiz>We need it live by March.</v>\n") =>
        new(id, TranscriptFormat.Vtt, HandoffBuilder.T0.AddDays(-3), content);

    [Fact]
    public void AddTranscript_New_IsStoredAndRecordedAndPlansADraft()
    {
        var h = new HandoffBuilder().Build(clock);
        var before = h.Audit.Count;

        Assert.True(h.AddTranscript(Call(), "admin", SourceLimit.Default, clock));

        Assert.Equal("call-1", Assert.Single(h.Transcripts).Id);
        var entry = Assert.Single(h.Audit.Skip(before));
        Assert.Equal(("transcript.added", "admin", "call-1"), (entry.Event, entry.Actor, entry.Data!["transcript"]));
        var jobs = new BriefPlanner(refineWithLlm: false).Plan(h, [entry], before, clock.Now).ToList();
        Assert.Equal(BriefPlanner.Draft, Assert.Single(jobs).Kind);
    }

    [Fact]
    public void AddTranscript_SameAgain_ChangesNothing()
    {
        var h = new HandoffBuilder().Build(clock);
        h.AddTranscript(Call(), "admin", SourceLimit.Default, clock);
        var before = JsonSerializer.Serialize(h);

        Assert.False(h.AddTranscript(Call(), "admin", SourceLimit.Default, clock));

        Assert.Equal(before, JsonSerializer.Serialize(h));
    }

    [Fact]
    public void AddTranscript_DifferentContentUnderAKnownId_IsRefusedAndChangesNothing()
    {
        var h = new HandoffBuilder().Build(clock);
        h.AddTranscript(Call(), "admin", SourceLimit.Default, clock);
        var before = JsonSerializer.Serialize(h);

        var ex = Assert.Throws<HandoffRuleException>(() => h.AddTranscript(Call(content: "WEBVTT\n\nsomething else"), "admin", SourceLimit.Default, clock));

        Assert.Equal("transcript-exists", ex.Code);
        Assert.Equal(before, JsonSerializer.Serialize(h));
    }

    [Fact]
    public void AddTranscript_IdsDifferingOnlyInCase_AreTwoTranscripts()
    {
        var h = new HandoffBuilder().Build(clock);

        h.AddTranscript(Call("Call-1"), "admin", SourceLimit.Default, clock);
        h.AddTranscript(Call("call-1", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A B>Other.</v>\n"), "admin", SourceLimit.Default, clock);

        Assert.Equal(["Call-1", "call-1"], h.Transcripts.Select(t => t.Id));
    }

    [Fact]
    public void AddTranscript_OverTheDealsLimit_IsRefusedWithTheNumbersAndChangesNothing()
    {
        var h = new HandoffBuilder().Build(clock);
        var limit = new SourceLimit(200);
        h.AddTranscript(Call("a", new string('x', 150)), "admin", limit, clock);
        var before = JsonSerializer.Serialize(h);

        var ex = Assert.Throws<SourceLimitExceededException>(() => h.AddTranscript(Call("b", new string('y', 51)), "admin", limit, clock));

        Assert.Equal((51, 150L), (ex.Characters, ex.Held));
        Assert.Contains("200 characters of notes and transcripts per deal", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, JsonSerializer.Serialize(h));
        Assert.True(h.AddTranscript(Call("c", new string('z', 50)), "admin", limit, clock)); // exactly at the limit fits
    }
}
