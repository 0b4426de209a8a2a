using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Timing;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests;

/// <summary>Escalation cadence, catch-up after downtime, owners leaving, platforms down, crashes mid-send.</summary>
public sealed class SlaEdgeCaseTests : IDisposable
{
    private readonly List<TimingWorld> worlds = [];

    public void Dispose() => worlds.ForEach(w => w.Dispose());

    private TimingWorld World(IDictionary<string, string?>? settings = null)
    {
        var world = new TimingWorld(settings);
        worlds.Add(world);
        return world;
    }

    private static DateTimeOffset Utc(int mo, int d, int h, int mi = 0) => new(2026, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public async Task Overdue_EscalatesAtMostOncePerBusinessDay_NeverOnWeekends()
    {
        var world = World();
        var id = await world.PostDealAsync(Deals.Minimal());

        await world.RunUntilAsync(Utc(11, 13, 23)); // Friday of the following week

        var escalations = world.Teams.Of<EscalationNotification>();
        var sentAt = (await world.HandoffAsync(id)).Audit.Where(a => a.Event == "sla.escalated").Select(a => a.At).ToList();
        Assert.Equal([Utc(11, 5, 16), Utc(11, 6, 14), Utc(11, 9, 14), Utc(11, 10, 14), Utc(11, 11, 14), Utc(11, 12, 14), Utc(11, 13, 14)], sentAt);
        Assert.Equal(7, escalations.Count);
        Assert.All(escalations, e => Assert.Equal("morgan.lead@example.com", e.To));
    }

    [Fact]
    public async Task RunnerDownForDays_CatchUpSendsTheCurrentStateOnce_NotABurst()
    {
        var world = World();
        await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();

        world.Time.SetUtcNow(Utc(11, 9, 15)); // back up on Monday: both reminders and three escalations are overdue
        await world.App.RunJobsAsync();
        await world.App.RunJobsAsync();

        Assert.Empty(world.Teams.Of<ReminderNotification>());
        Assert.Single(world.Teams.Of<EscalationNotification>());
    }

    [Fact]
    public async Task OwnerLeavesDirectory_StageFallsToManager_EscalatedAndRecorded()
    {
        var world = World();
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();

        using var admin = world.App.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/people/{Deals.Ae}")).StatusCode);
        await world.App.RunJobsAsync();

        var h = await world.HandoffAsync(id);
        Assert.Equal("morgan.lead@example.com", h.Owner.Email);
        Assert.Equal(OwnerRole.Manager, h.Owner.Role);
        Assert.Contains(h.Audit, a => a.Event == "owner.changed" && a.Details!.Contains("no longer in the people directory", StringComparison.Ordinal));
        Assert.Contains(h.Audit, a => a.Event == "sla.escalated" && a.Data!["reason"] == "owner-left");
        var told = Assert.Single(world.Teams.Of<EscalationNotification>());
        Assert.Equal("morgan.lead@example.com", told.To);
        Assert.Equal("left the people directory", ((EscalationNotification)told.Notification).Reason);

        // From now on the clock's reminders go to the new owner, not the one who left.
        await world.RunUntilAsync(Utc(11, 3, 19));
        Assert.Equal("morgan.lead@example.com", Assert.Single(world.Teams.Of<ReminderNotification>()).To);
    }

    [Fact]
    public async Task OwnerVanishedWithoutNotice_SlaJobHandsTheStageToRevOps()
    {
        var world = World();
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();
        // The owner is somebody the directory does not know (removed by a directory sync, or mistyped): the SLA job notices.
        await world.App.Get<Core.Application.HandoffService>().ReassignAsync(id, Deals.CsLead, "ghost@example.com", "covering");
        world.Time.SetUtcNow(Utc(11, 3, 18));
        await world.App.RunJobsAsync();

        var h = await world.HandoffAsync(id);
        Assert.Equal(Deals.RevOps, h.Owner.Email);
        Assert.Equal(Deals.RevOps, Assert.Single(world.Teams.Of<EscalationNotification>()).To);
    }

    [Fact]
    public async Task PlatformDownForHours_JobsRetryThenTheFailureReachesAnAdminOnTheOtherPlatform()
    {
        var world = World();
        world.Teams.FailWith = new HttpRequestException("Bot Connector unreachable");
        var id = await world.PostDealAsync(Deals.Minimal());

        await world.RunUntilAsync(Utc(11, 2, 20)); // six hours of Teams outage

        var failed = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Failed, id, 10));
        Assert.Equal("notify.context-request", failed.Kind);
        Assert.Equal(10, failed.Attempts);
        var report = Assert.Single(world.Slack.Of<TextNotification>(), d => ((TextNotification)d.Notification).Handoff?.Id == id);
        Assert.Equal(Deals.RevOps, report.To);
        Assert.Contains("Acme Logistics", report.Notification.Summary, StringComparison.Ordinal);
        Assert.Contains("/api/jobs?status=failed", report.Notification.Summary, StringComparison.Ordinal);
        Assert.Contains((await world.HandoffAsync(id)).Audit, a => a.Event == "delivery.failed");

        world.Teams.FailWith = null;
        await world.RunForAsync(TimeSpan.FromHours(1));
        Assert.Empty(world.Teams.Of<ContextRequestNotification>()); // given up: reported, not silently resent later
    }

    [Fact]
    public async Task CrashAfterSendingBeforeTheJobWasMarkedDone_RerunDoesNotSendAgain()
    {
        var world = World();
        await world.PostDealAsync(Deals.Minimal());
        var store = world.App.Get<IJobStore>();
        var now = world.Time.GetUtcNow();
        var job = Assert.Single(await store.ClaimDueAsync(now, now.AddMinutes(5), 10), j => j.Kind == "notify.context-request");
        var handler = world.App.Services.GetServices<IJobHandler>().Single(h => h.Kinds.Contains(job.Kind));
        await handler.RunAsync(job, CancellationToken.None); // sent… and the process dies before CompleteAsync

        world.Restart();
        world.Time.Advance(TimeSpan.FromMinutes(6)); // the lease runs out: the job is picked up again
        await world.App.RunJobsAsync();

        Assert.Single(world.Teams.Of<ContextRequestNotification>());
        Assert.Equal(JobStatus.Done, (await world.App.Get<IJobStore>().ListAsync(null, null, 100)).Single(j => j.Id == job.Id).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("true")]
    public async Task CrashMidSend_MessageInDoubt_IsSentAgain_AtLeastOnce(string? resend)
    {
        var world = World(resend is null ? null : new Dictionary<string, string?> { ["Scheduler:ResendInDoubt"] = resend });
        var id = await world.PostDealAsync(Deals.Minimal());
        // A process reserved the message's key right before the platform call and died: the platform may or may not have it.
        await world.App.Get<IDeliveryLog>().BeginAsync($"{id}:notify.context-request:1", world.Time.GetUtcNow());

        await world.App.RunJobsAsync();

        Assert.Single(world.Teams.Of<ContextRequestNotification>());
        using var admin = world.App.AdminClient();
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/deliveries?state=sending"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/deliveries?state=lost")).StatusCode);
    }

    [Fact]
    public async Task CrashMidSend_AtMostOnceConfigured_ThePlatformCannotBeAsked_JobFailsVisibly_NeverSilentlyDone()
    {
        var world = World(new Dictionary<string, string?> { ["Scheduler:ResendInDoubt"] = "false" });
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.Get<IDeliveryLog>().BeginAsync($"{id}:notify.context-request:1", world.Time.GetUtcNow());

        await world.App.RunJobsAsync();
        await world.App.RunJobsAsync();

        Assert.Empty(world.Teams.Of<ContextRequestNotification>());
        var failed = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Failed, id, 10));
        Assert.Equal(NotificationPlanner.ContextRequest, failed.Kind);
        Assert.Contains("in doubt", failed.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains((await world.HandoffAsync(id)).Audit, a => a.Event == "delivery.failed");
        var report = Assert.Single(world.All, d => d.Notification is TextNotification t && t.Handoff?.Id == id);
        Assert.Equal(Deals.RevOps, report.To);
        using var admin = world.App.AdminClient();
        Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/deliveries?state=sending"))!);
    }
}
