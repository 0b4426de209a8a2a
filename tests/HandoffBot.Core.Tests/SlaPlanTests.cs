using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Tests.Support;
using HandoffBot.Core.Timing;
using P = HandoffBot.Core.Tests.Support.People;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Core.Tests;

public sealed class SlaPlanTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly Playbook Playbook = PlaybookLoader.Parse("""
        owners: { revopsFallback: revops@example.com }
        calendar: { timeZone: America/New_York, hours: "09:00-17:00", holidays: ["2026-12-25"] }
        sla: { contextCapture: 24h, csReview: 4h, internalHandoff: 2d, warmIntro: 3d from accepted, kickoff: 10d from closed }
        reminders: { atPercent: [50, 100], escalateAfter: 2h }
        """);

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero)); // Monday 09:00 EST

    private PlaybookStageClock Clock => new(Playbook, time, _ => "America/New_York");

    private static DateTimeOffset Utc(int mo, int d, int h) => new(2026, mo, d, h, 0, 0, TimeSpan.Zero);

    private Handoff Open() => Handoff.Open("HO-SLA0001", new Deal
    {
        CrmId = "CRM-1", AccountName = "Acme", Currency = "USD", CloseDate = new DateOnly(2026, 10, 30), AeEmail = P.Ae, CsmEmail = P.Csm, CustomerTimeZone = "America/Chicago",
    }, HandoffBuilder.CompleteContext, [], [], "Default", new Routing(P.Ae, OwnerRole.AccountExecutive, P.CsLead), [], Clock);

    [Fact]
    public void Steps_NewStage_RemindsAt50And100_ThenEscalatesOncePerBusinessDay()
    {
        var h = Open();

        var steps = SlaPlan.Steps(h, Playbook, NewYork);

        Assert.Equal(Utc(11, 4, 22), h.DueAt); // 24 business hours: Wednesday 17:00 EST
        Assert.Equal(
            [(SlaStepKind.Reminder, Utc(11, 3, 18)), (SlaStepKind.Reminder, Utc(11, 4, 22)), (SlaStepKind.Escalation, Utc(11, 5, 16)),
             (SlaStepKind.Escalation, Utc(11, 6, 14)), (SlaStepKind.Escalation, Utc(11, 9, 14)), (SlaStepKind.Escalation, Utc(11, 10, 14)), (SlaStepKind.Escalation, Utc(11, 11, 14))],
            steps.Select(s => (s.Kind, s.At)));
        Assert.Equal(steps.Count, steps.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void Steps_AfterAnEscalationToday_NextIsTheNextBusinessDay()
    {
        var h = Open();
        time.SetUtcNow(Utc(11, 5, 16));
        h.RecordSystemEvent(new SlaEscalated(h.Stage, "lead@example.com", h.Owner.Email, "overdue", new DateOnly(2026, 11, 5)), "x", Clock);

        var escalations = SlaPlan.Steps(h, Playbook, NewYork).Where(s => s.Kind == SlaStepKind.Escalation).ToList();

        Assert.Equal(Utc(11, 6, 14), escalations[0].At);
        Assert.DoesNotContain(escalations, s => s.Key.EndsWith("2026-11-05", StringComparison.Ordinal));
        Assert.Equal(SlaPlan.EscalationHorizon, escalations.Count);
    }

    [Fact]
    public void Steps_SameStateTwice_SameKeys_SoReplanningNeverDoubles()
    {
        var h = Open();

        Assert.Equal(SlaPlan.Steps(h, Playbook, NewYork).Select(s => s.Key), SlaPlan.Steps(h, Playbook, NewYork).Select(s => s.Key));
    }

    [Fact]
    public void Steps_AfterSnooze_NewDeadlineGetsFreshReminders_EarlierOnesDrop()
    {
        var h = Open();
        var before = SlaPlan.Steps(h, Playbook, NewYork);
        time.SetUtcNow(Utc(11, 5, 16));
        h.Snooze(Utc(11, 6, 22), P.LeadActor, Clock);

        var after = SlaPlan.Steps(h, Playbook, NewYork);

        var reminders = after.Where(s => s.Kind == SlaStepKind.Reminder).ToList();
        Assert.All(reminders, r => Assert.True(r.At >= Utc(11, 5, 16)));
        Assert.Contains(reminders, r => r.Percent == 100 && r.At == Utc(11, 6, 22));
        Assert.Empty(reminders.Select(r => r.Key).Intersect(before.Select(b => b.Key)));
        Assert.Equal(Utc(11, 9, 16), after.First(s => s.Kind == SlaStepKind.Escalation).At); // Monday 11:00: the snoozed deadline + 2h
    }

    [Fact]
    public void Steps_NextStage_HasItsOwnKeys_AndAnchoredClockSkipsWhatRanBefore()
    {
        var h = Open();
        var capture = SlaPlan.Steps(h, Playbook, NewYork).Select(s => s.Key).ToList();
        h.SubmitContext(P.AeActor, HandoffBuilder.Rules, Clock);

        Assert.Empty(SlaPlan.Steps(h, Playbook, NewYork).Select(s => s.Key).Intersect(capture));

        h.Accept(P.CsmActor, Clock);
        h.ConfirmInternalSync(SyncMode.Async, P.AeActor, Clock);
        h.ConfirmInternalSync(SyncMode.Async, P.CsmActor, Clock);
        h.MarkIntroSent(P.AeActor, Clock);
        Assert.Equal(Stage.Kickoff, h.Stage);
        // Kickoff: 10 business days from the close (Fri 30 Oct 09:00, counting that day): due Thu 12 Nov 17:00 EST.
        var kickoff = SlaPlan.Steps(h, Playbook, NewYork);
        Assert.Equal(Utc(11, 12, 22), h.DueAt);
        Assert.All(kickoff, s => Assert.True(s.At >= h.StageEnteredAt));
        time.SetUtcNow(Utc(11, 9, 14));
        Assert.DoesNotContain(SlaPlan.Steps(h, Playbook, NewYork), s => s.Kind == SlaStepKind.Reminder && s.At < h.StageEnteredAt);
    }

    [Fact]
    public void Steps_NoClock_NoSteps()
    {
        var h = new HandoffBuilder().InStage(Stage.Onboarding).Build();

        Assert.Empty(SlaPlan.Steps(h, Playbook, NewYork));
    }
}
