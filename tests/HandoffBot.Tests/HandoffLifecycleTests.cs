using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Timing;
using HandoffBot.Tests.Storage.Contract;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>
/// One handoff's whole life over 120 simulated days: the AE on Teams (New York), the CSM on Slack
/// (Chicago), the sales leader reading digests on Teams (Los Angeles). The bot is restarted in the
/// middle; every message must arrive exactly once, at the right local time.
/// </summary>
public class HandoffLifecycleTests : IDisposable
{
    private readonly TimingWorld world;

    public HandoffLifecycleTests()
        : this(null)
    {
    }

    /// <summary>The same life on another storage backend (<see cref="PostgresHandoffLifecycleTests"/>).</summary>
    protected HandoffLifecycleTests(IDictionary<string, string?>? settings) => world = new TimingWorld(settings);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            world.Dispose();
        }
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private HandoffService Service => world.App.Get<HandoffService>();

    [BackendFact]
    public async Task WholeLife_120Days_BothPlatforms_RestartMidway_EverythingOnceAtTheRightTime()
    {
        // Monday 2 Nov 2026, 09:00 in New York: the deal arrives; the AE (Teams) is asked for context.
        var id = await world.PostDealAsync(Deals.Complete());
        await world.RunUntilAsync(Utc(2026, 11, 2, 14));
        Assert.Equal(Deals.Ae, Assert.Single(world.Teams.Of<ContextRequestNotification>()).To);

        // The AE does nothing: reminders at 50% (Tue 13:00 NY) and 100% (Wed 17:00 NY) of 24 business hours,
        // then the escalation to the AE's manager 2 business hours later (Thu 11:00 NY), once that day.
        await world.RunUntilAsync(Utc(2026, 11, 5, 19));
        var reminders = world.Teams.Of<ReminderNotification>();
        Assert.Equal([50, 100], reminders.Select(r => ((ReminderNotification)r.Notification).Percent));
        Assert.All(reminders, r => Assert.Equal(Deals.Ae, r.To));
        var escalation = Assert.Single(world.Teams.Of<EscalationNotification>());
        Assert.Equal("morgan.lead@example.com", escalation.To);
        var h = await world.HandoffAsync(id);
        Assert.Equal(Utc(2026, 11, 3, 18), h.Audit.Single(a => a.Event == "sla.reminder" && a.Data!["percent"] == "50").At);
        Assert.Equal(Utc(2026, 11, 5, 16), h.Audit.Single(a => a.Event == "sla.escalated").At);

        // Thu 14:00 NY the AE sends it to CS; the brief goes to the CSM (Slack). She accepts within the 2h Enterprise clock.
        await Service.SubmitContextAsync(id, Deals.Ae);
        await world.RunUntilAsync(Utc(2026, 11, 5, 19, 30));
        Assert.Equal(Deals.Csm, Assert.Single(world.Slack.Of<BriefNotification>()).To);
        await Service.AcceptAsync(id, Deals.Csm);
        await world.RunUntilAsync(Utc(2026, 11, 5, 19, 31));

        // Internal handoff: AE and CSM are on different platforms, so each gets it personally.
        Assert.Equal(Deals.Ae, Assert.Single(world.Teams.Of<InternalHandoffNotification>()).To);
        Assert.Equal(Deals.Csm, Assert.Single(world.Slack.Of<InternalHandoffNotification>()).To);

        var pendingBefore = Keys(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 1000));
        var sentBefore = world.All.Count();
        world.Restart();
        Assert.Equal(pendingBefore, Keys(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 1000)));
        await world.App.RunJobsAsync();
        Assert.Equal(sentBefore, world.All.Count());

        // Friday 09:00 Chicago both confirm; the warm intro is posted right away (the 2h minimum after Accept has passed,
        // and 09:00 is a business-hours slot in the customer's zone), with kickoff slots and an .ics link.
        world.Time.SetUtcNow(Utc(2026, 11, 6, 15));
        await Service.ConfirmSyncAsync(id, Deals.Ae, SyncMode.Meeting);
        await Service.ConfirmSyncAsync(id, Deals.Csm, SyncMode.Meeting);
        await world.RunUntilAsync(Utc(2026, 11, 6, 15, 1));
        Assert.Contains(world.Teams.Deliveries, d => d.How == "update" && d.Notification is InternalHandoffNotification); // both copies show who confirmed
        Assert.Contains(world.Slack.Deliveries, d => d.How == "update" && d.Notification is InternalHandoffNotification);
        var intro = (WarmIntroNotification)Assert.Single(world.Teams.Of<WarmIntroNotification>()).Notification;
        Assert.Single(world.Slack.Of<WarmIntroNotification>());
        Assert.Equal(3, intro.KickoffSlots.Count);
        Assert.Contains("Casey Lin", intro.Draft.Subject, StringComparison.Ordinal);
        Assert.Contains("Cut late deliveries", intro.Draft.Body, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost:3978/links/ics/" + id, intro.IcsUrl, StringComparison.Ordinal);
        Assert.Equal(Utc(2026, 11, 6, 15), (await world.HandoffAsync(id)).Audit.Single(a => a.Event == "intro.posted").At);

        await Service.MarkIntroSentAsync(id, Deals.Ae);
        await Service.BookKickoffAsync(id, Deals.Csm, new DateOnly(2026, 11, 12));
        await world.RunUntilAsync(Utc(2026, 11, 12, 20));
        await Service.RecordKickoffHeldAsync(id, Deals.Csm, new DateOnly(2026, 11, 12));

        // Polls: day 30 is Saturday 12 Dec → Monday 14 Dec 10:00 Chicago; the CSM says "partly": the AE and the AE's manager hear at once.
        await world.RunUntilAsync(Utc(2026, 12, 14, 18));
        var poll30 = Assert.Single(world.Slack.Of<PollNotification>());
        Assert.Equal(30, ((PollNotification)poll30.Notification).DayOffset);
        Assert.Equal(Utc(2026, 12, 14, 16), (await world.HandoffAsync(id)).Audit.Single(a => a.Event == "poll.sent").At);
        await Service.AnswerPollAsync(id, Deals.Csm, Answer(30, DealMatch.Partly, Core.Handoffs.Severity.Medium));
        await world.RunForAsync(TimeSpan.FromMinutes(1));
        Assert.Single(world.Slack.Of<PollThanksNotification>());
        Assert.Equal(["avery.ae@example.com", "morgan.lead@example.com"], world.Teams.Of<PollAlertNotification>().Select(d => d.To).Order());

        // Day 60 (Mon 11 Jan) goes unanswered: reminded five business days later (Mon 18 Jan), in the poll's thread.
        await world.RunUntilAsync(Utc(2027, 1, 18, 18));
        var day60 = world.Slack.Of<PollNotification>().Where(p => ((PollNotification)p.Notification).DayOffset == 60).ToList();
        Assert.Equal([false, true], day60.Select(p => ((PollNotification)p.Notification).IsReminder));
        Assert.Equal("reply", day60[1].How);
        await Service.AnswerPollAsync(id, Deals.Csm, Answer(60, DealMatch.Yes, Core.Handoffs.Severity.Low));
        await world.RunUntilAsync(Utc(2027, 2, 10, 18));
        await Service.AnswerPollAsync(id, Deals.Csm, Answer(90, DealMatch.Yes, Core.Handoffs.Severity.High) with { FirstValueOn = new DateOnly(2027, 2, 1) });
        await world.RunUntilAsync(Utc(2027, 3, 2, 14)); // day 120

        // Weekly digests: every Monday at 08:00 in Los Angeles, 18 of them, none twice.
        var digests = world.Teams.Of<DigestNotification>();
        Assert.Equal(18, digests.Count);
        Assert.All(digests, d => Assert.Equal("vp-sales@example.com", d.To));
        var firstWeekWithTheDeal = digests.Select(d => ((DigestNotification)d.Notification).Report).First(r => r.From == new DateOnly(2026, 11, 2));
        Assert.Equal(1, firstWeekWithTheDeal.HandoffCount);
        Assert.Equal(1, firstWeekWithTheDeal.Breaches);

        // Nothing twice: every reminder, escalation, poll and alert exactly as counted above.
        Assert.Equal(2, world.Teams.Of<ReminderNotification>().Count);
        Assert.Single(world.Teams.Of<EscalationNotification>());
        Assert.Equal(4, world.Slack.Of<PollNotification>().Count); // 30, 60, 60 reminder, 90
        Assert.Equal(3, world.Slack.Of<PollThanksNotification>().Count);
        Assert.Empty(await world.App.Get<IJobStore>().ListAsync(JobStatus.Failed, null, 10));
        var final = await world.HandoffAsync(id);
        Assert.Equal(Stage.Onboarding, final.Stage);
        Assert.Equal(3, final.PollAnswers.Count);
        Assert.Contains(final.Outcomes, o => o.Kind == OutcomeKind.FirstValue);
    }

    private static PollAnswer Answer(int day, DealMatch matched, Core.Handoffs.Severity risk) =>
        new(day, matched, 4, null, risk, "ok", "", default);

    private static string[] Keys(IEnumerable<ScheduledJob> jobs) => [.. jobs.Select(j => $"{j.IdempotencyKey}@{j.DueAt:O}").Order()];
}

/// <summary>The whole life on PostgreSQL: the same messages, once each, across the restart.</summary>
public sealed class PostgresHandoffLifecycleTests : HandoffLifecycleTests, IPostgresBackend
{
    private readonly PostgresSchema schema;

    public PostgresHandoffLifecycleTests()
        : this(new PostgresSchema())
    {
    }

    private PostgresHandoffLifecycleTests(PostgresSchema schema)
        : base(schema.Settings) => this.schema = schema;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            schema.Dispose();
        }
    }
}
