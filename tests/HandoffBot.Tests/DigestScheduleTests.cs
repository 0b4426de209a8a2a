using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Timing;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>The weekly digest follows the playbook cron in each recipient's own zone, across DST, and after downtime.</summary>
public sealed class DigestScheduleTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 14, 0, 0, TimeSpan.Zero);
    private readonly TimingWorld world = new(start: Start);

    public void Dispose() => world.Dispose();

    private static DateTimeOffset Utc(int d, int h) => new(2027, 3, d, h, 0, 0, TimeSpan.Zero);

    private async Task<List<DateTimeOffset>> SentAtAsync() =>
        [.. (await world.App.Get<IJobStore>().ListAsync(JobStatus.Done, null, 100)).Where(j => j.Kind == TimingJobs.Digest).Select(j => j.DueAt).Order()];

    [Fact]
    public async Task Weekly_MondayEightInLosAngeles_AcrossTheSpringChange()
    {
        await world.RunUntilAsync(Utc(23, 0));

        // 08:00 PST is 16:00 UTC; from 14 March 08:00 PDT is 15:00 UTC.
        Assert.Equal([Utc(1, 16), Utc(8, 16), Utc(15, 15), Utc(22, 15)], await SentAtAsync());
        Assert.Equal(4, world.Teams.Of<DigestNotification>().Count);
        var report = ((DigestNotification)world.Teams.Of<DigestNotification>()[1].Notification).Report;
        Assert.Equal((new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 7)), (report.From, report.To));
    }

    [Fact]
    public async Task EachRecipientInTheirOwnZone()
    {
        await world.App.Get<IPeopleDirectory>().UpsertAsync(new Person { Email = "vp-sales@example.com", Name = "Riley Chen", Roles = new HashSet<Core.Handoffs.PersonRole> { Core.Handoffs.PersonRole.SalesLeader }, TimeZone = "Europe/Berlin" });
        await world.App.Get<DigestSchedule>().EnsureAsync();

        await world.RunUntilAsync(Utc(9, 0));

        // The pending Los Angeles occurrence no longer matches the recipient's zone: replaced by 08:00 Berlin (07:00 UTC).
        Assert.Equal([Utc(8, 7)], await SentAtAsync());
    }

    [Fact]
    public async Task DownForThreeWeeks_OneDigestOnReturn_ThenBackOnSchedule()
    {
        await world.App.RunJobsAsync();
        world.Time.SetUtcNow(Utc(22, 12)); // the bot was off from 1 to 22 March
        await world.App.RunJobsAsync();
        await world.RunUntilAsync(Utc(30, 0));

        Assert.Equal([Utc(1, 16), Utc(22, 15), Utc(29, 15)], await SentAtAsync());
        var reports = world.Teams.Of<DigestNotification>().Select(d => ((DigestNotification)d.Notification).Report).ToList();
        Assert.Equal([new DateOnly(2027, 3, 8), new DateOnly(2027, 3, 15), new DateOnly(2027, 3, 22)], reports.Select(r => r.From)); // the latest week, then on schedule
    }
}
