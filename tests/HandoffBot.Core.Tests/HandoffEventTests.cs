using System.Reflection;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests;

public sealed class HandoffEventTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 3, 17, 0, 0, TimeSpan.Zero);

    /// <summary>One of every kind, with every optional field both set and unset.</summary>
    public static TheoryData<HandoffEvent> Samples() =>
    [
        new HandoffOpened(), new GapRecorded(),
        new StageEntered(Stage.CsReview, "casey.csm@example.com", OwnerRole.Csm, Due), new StageEntered(Stage.Outcome, "casey.csm@example.com", OwnerRole.Csm, null),
        new SourcesRefused("note:n-1,transcript:t-2", 2_000_000),
        new TranscriptAdded("gong-7782342274025937895", TranscriptFormat.Json, 48_113), new TranscriptAdded("t-1", null, 0), new BriefDrafted(), new BriefDecided("goal-1", DraftDecision.Discarded),
        new DealUpdated(), new ContextUpdated(), new ContextSubmitted(), new CsmAssigned(), new CsAccepted(), new CsRejected(RejectionReason.WrongCsm),
        new OwnerChanged("lead@example.com", OwnerRole.CsLead), new QuestionAsked("Q1a2b3c4d"), new QuestionAnswered("Q1a2b3c4d"),
        new SyncRequested(), new SyncConfirmed(SyncMode.Async, "both"), new IntroPosted(), new IntroSent(), new KickoffBooked(), new KickoffHeld(),
        new PollSent(30), new PollReminded(60), new PollAnswered(90, DealMatch.Partly), new OutcomeRecorded(OutcomeKind.Churn), new OutcomeRecorded(null),
        new SlaReminded(Stage.ContextCapture, 50, "a@example.com,b@example.com"),
        new SlaEscalated(Stage.CsReview, "lead@example.com", "casey.csm@example.com", "overdue", new DateOnly(2026, 11, 4)),
        new SlaEscalated(Stage.Kickoff, "lead@example.com", "lead@example.com", "owner-left", Left: "gone@example.com"),
        new SlaBreached(Stage.InternalHandoff, "avery.ae@example.com", Due), new SlaSnoozed(Stage.CsReview, Due), new SlaNudged(Stage.WarmIntro, "avery.ae@example.com"),
        new SlaReplanned(Stage.Kickoff, "abc123", Due), new SlaReplanned(Stage.Onboarding, "abc123", null), new DeliveryFailed("job-1", "notify.brief"),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Event_StoredAsNameAndData_ReadsBackAsTheSameType(HandoffEvent change)
    {
        var entry = AuditEntry.Of(Due, "system", change, "details");
        var stored = System.Text.Json.JsonSerializer.Serialize(entry);
        var read = System.Text.Json.JsonSerializer.Deserialize<AuditEntry>(stored)!;

        Assert.Equal(change, read.Change);
        Assert.Equal(change.Name, read.Event);
        Assert.DoesNotContain("Change", stored, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKind_HasASample_AndADistinctName()
    {
        var kinds = typeof(HandoffEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(HandoffEvent)) && t != typeof(UnknownEvent)).ToList();
        var sampled = ((IEnumerable<object[]>)Samples()).Select(row => row[0].GetType()).ToHashSet();
        Assert.All(kinds, k => Assert.Contains(k, sampled));
        var names = kinds.Select(k => (string)k.GetField("EventName", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("sla.breached", names);
    }

    [Theory]
    [InlineData("stage.entered", null)]
    [InlineData("stage.entered", "{\"stage\":\"NoSuchStage\",\"ownerRole\":\"Csm\"}")]
    [InlineData("stage.entred", "{\"stage\":\"CsReview\",\"ownerRole\":\"Csm\"}")]
    [InlineData("poll.answered", "{\"day\":\"thirty\",\"matched\":\"Yes\"}")]
    public void MisspeltOrUnreadable_IsUnknown_KeptAsItWas(string name, string? json)
    {
        var data = json is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        var change = HandoffEvent.Parse(name, data);

        var unknown = Assert.IsType<UnknownEvent>(change);
        Assert.Equal(name, unknown.Name);
        Assert.Same(data, unknown.ToData());
    }

    [Fact]
    public void TranscriptAdded_StoredAsBefore_LowerCaseFormat_ReadsBackTyped()
    {
        var handoff = new Support.HandoffBuilder().Build();
        var clock = new Support.TestClock(Support.HandoffBuilder.T0);

        const string Vtt = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>Hello";
        handoff.AddTranscript(new Transcript("call-1", TranscriptFormat.Vtt, null, Vtt), "ae@example.com", SourceLimit.Default, clock);

        var entry = handoff.Audit[^1];
        Assert.Equal("transcript.added", entry.Event);
        Assert.Equal(["transcript", "format", "characters"], entry.Data!.Keys);
        Assert.Equal("vtt", entry.Data["format"]);
        Assert.Equal(new TranscriptAdded("call-1", TranscriptFormat.Vtt, Vtt.Length), entry.Change);
        Assert.IsType<UnknownEvent>(HandoffEvent.Parse("transcript.added", new Dictionary<string, string> { ["format"] = "vtt" }));
        Assert.Null(((TranscriptAdded)HandoffEvent.Parse("transcript.added", new Dictionary<string, string> { ["transcript"] = "t", ["format"] = "VTT" })).Format);
    }

    [Fact]
    public void RecordSystemEvent_RefusesEventsThatOnlyCommandsRecord()
    {
        var handoff = new Support.HandoffBuilder().Build();
        var clock = new Support.TestClock(Support.HandoffBuilder.T0);

        Assert.Throws<ArgumentOutOfRangeException>(() => handoff.RecordSystemEvent(new CsAccepted(), "forged", clock));
        handoff.RecordSystemEvent(new SlaBreached(handoff.Stage, handoff.Owner.Email, Due), "ran out", clock);
        Assert.IsType<SlaBreached>(handoff.Audit[^1].Change);
    }
}
