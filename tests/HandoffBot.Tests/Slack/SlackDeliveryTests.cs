using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.FakeSlack;
using HandoffBot.Slack;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests.Slack;

/// <summary>
/// At least once, no doubles: a proactive Slack message cut off anywhere (a crash, a timeout, a
/// network that swallows the request) reaches its person exactly once. Real HTTP to the fake Slack,
/// whose calls can be held mid-flight like a stalled network.
/// </summary>
public sealed class SlackDeliveryTests : IAsyncLifetime
{
    private const string AeDm = "D0AVERY";
    private SlackWorld world = null!;

    public async Task InitializeAsync() => world = await SlackWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    /// <summary>
    /// Runs the AE's context-request job by hand, as the runner would, and cuts it off (the job's
    /// time is up, or the process is going down) once Slack has the call that <paramref name="hold"/> holds.
    /// </summary>
    private async Task<ScheduledJob> CutOffAsync(FakeHold hold)
    {
        var response = await world.App.PostDealAsync(Deals.Minimal().ToJsonString());
        response.EnsureSuccessStatusCode();
        var store = world.App.Get<IJobStore>();
        var now = world.Time.GetUtcNow();
        var job = Assert.Single(await store.ClaimDueAsync(now, now.AddMinutes(5), 50), j => j.Kind == NotificationPlanner.ContextRequest);
        var handler = world.App.Services.GetServices<IJobHandler>().Single(h => h.Kinds.Contains(job.Kind));
        using var cut = new CancellationTokenSource();
        var run = handler.RunAsync(job, cut.Token);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        return job;
    }

    /// <summary>The lease of the cut-off run runs out; the runner picks the job up again.</summary>
    private async Task RetryAsync()
    {
        world.Time.Advance(TimeSpan.FromMinutes(6));
        await world.RunJobsAsync();
    }

    private IReadOnlyList<FakeMessage> ToAe() => [.. world.Slack.Posted.Where(m => m.Channel == AeDm)];

    [Fact]
    public async Task CutOffWhileOpeningTheDm_BeforeAnythingWasSent_TheRetrySendsIt_Once()
    {
        var hold = world.Slack.Hold("conversations.open");
        var job = await CutOffAsync(hold);
        hold.Release(process: false);

        await RetryAsync();

        Assert.Single(ToAe());
        Assert.Equal(JobStatus.Done, (await world.App.Get<IJobStore>().ListAsync(null, job.HandoffId, 100)).Single(j => j.Id == job.Id).Status);
    }

    [Fact]
    public async Task CutOffMidPost_SlackHadIt_TheRetryFindsTheEarlierPost_NotPostedTwice()
    {
        var hold = world.Slack.Hold("chat.postMessage");
        var job = await CutOffAsync(hold);
        hold.Release(process: true); // Slack stored it; the answer never reached the bot
        await hold.Done;

        await RetryAsync();

        var posted = Assert.Single(ToAe());
        var handoff = (await world.App.Get<HandoffService>().GetAsync(job.HandoffId!))!;
        Assert.Equal(posted.Ts, handoff.Messages[MessageKeys.ContextRequest].MessageId); // the card can still be updated in place
        Assert.Single(world.Slack.CallsTo("conversations.history"));
    }

    [Fact]
    public async Task CutOffMidPost_LostOnTheWay_TheRetrySendsIt_Once()
    {
        var hold = world.Slack.Hold("chat.postMessage");
        await CutOffAsync(hold);
        hold.Release(process: false);
        await hold.Done;

        await RetryAsync();

        Assert.Single(ToAe());
        await RetryAsync();
        Assert.Single(ToAe());
        Assert.Empty(await world.App.Get<IDeliveryLog>().ListAsync(DeliveryState.Sending, 10));
    }

    [Fact]
    public async Task EveryOutboxPost_CarriesItsKeyInMessageMetadata_ForTheLookUpAfterADoubt()
    {
        var response = await world.App.PostDealAsync(Deals.Minimal().ToJsonString());
        response.EnsureSuccessStatusCode();

        await world.RunJobsAsync();

        var posted = Assert.Single(ToAe());
        Assert.Equal("handoffbot_outbox", posted.Metadata?["event_type"]?.GetValue<string>());
        var key = posted.Metadata?["event_payload"]?["key"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(key));
        Assert.DoesNotContain("@", key, StringComparison.Ordinal); // a digest of the outbox key: no email in Slack's metadata
    }

    [Fact]
    public async Task RateLimitedForAnHour_TheJobWaitsTheHour_WithoutHammeringOrBurningAttempts()
    {
        for (var i = 0; i < 20; i++)
        {
            world.Slack.Fail("chat.postMessage", new FakeFailure(429, RetryAfterSeconds: 3600));
        }

        var response = await world.App.PostDealAsync(Deals.Minimal().ToJsonString());
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var start = world.Time.GetUtcNow();
        for (var second = 0; second <= 150; second += 10)
        {
            await world.RunJobsAsync();
            world.Time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        var job = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 50), j => j.Kind == NotificationPlanner.ContextRequest);
        Assert.Equal(0, job.Attempts); // Slack asked us to wait: not a failed attempt
        Assert.InRange(job.DueAt, start.AddSeconds(3600), start.AddSeconds(3610));
    }

    [Fact]
    public async Task ThreadReply_CutOffMidPost_SlackHadIt_FoundInTheThread_NotPostedTwice()
    {
        var (_, ts) = await world.HandoffInReviewAsync();
        var outbox = world.App.Get<Outbox>();
        var parent = new MessageRef(ChatPlatform.Slack, SlackWorld.BriefChannel, ts);
        var note = new TextNotification("A reply in the brief's thread.");
        var hold = world.Slack.Hold("chat.postMessage");
        using var cut = new CancellationTokenSource();
        var first = outbox.ReplyAsync("test:reply:1", parent, note, cut.Token);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        hold.Release(process: true);
        await hold.Done;

        var again = await outbox.ReplyAsync("test:reply:1", parent, note, CancellationToken.None);

        var reply = Assert.Single(world.Slack.Posted, m => m.ThreadTs == ts);
        Assert.Equal(reply.Ts, again.MessageId);
        Assert.Single(world.Slack.CallsTo("conversations.replies"));
        Assert.Equal(DeliveryState.Sent, (await world.App.Get<IDeliveryLog>().FindAsync("test:reply:1"))!.State);
    }

    [Fact]
    public async Task InDoubt_SlackRefusesTheLookUp_AtMostOnceConfigured_JobFailsVisibly()
    {
        await using var strict = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Scheduler:ResendInDoubt"] = "false" });
        var hold = strict.Slack.Hold("chat.postMessage");
        var response = await strict.App.PostDealAsync(Deals.Minimal().ToJsonString());
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var store = strict.App.Get<IJobStore>();
        var now = strict.Time.GetUtcNow();
        var job = Assert.Single(await store.ClaimDueAsync(now, now.AddMinutes(5), 50), j => j.Kind == NotificationPlanner.ContextRequest);
        var handler = strict.App.Services.GetServices<IJobHandler>().Single(h => h.Kinds.Contains(job.Kind));
        using var cut = new CancellationTokenSource();
        var run = handler.RunAsync(job, cut.Token);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        hold.Release(process: false);
        await hold.Done;
        strict.Slack.Fail("conversations.history", new FakeFailure(Error: "missing_scope"));

        strict.Time.Advance(TimeSpan.FromMinutes(6));
        await strict.RunJobsAsync();

        Assert.DoesNotContain(strict.Slack.Posted, m => m.Channel == AeDm);
        var failed = Assert.Single(await store.ListAsync(JobStatus.Failed, id, 10), j => j.Kind == NotificationPlanner.ContextRequest);
        Assert.Contains("in doubt", failed.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerToADmCommand_JobCutOffMidPost_RunsAgain_AnsweredOnce()
    {
        var envelope = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T0FAKE",
            ["event_id"] = "Ev0DMONCE",
            ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0CASEY", ["user"] = SlackWorld.CsmUser, ["text"] = "help", ["ts"] = "1762092000.000300" },
        };
        await world.PostEventAsync(envelope);
        await world.App.Get<SlackInbox>().WhenMovedAsync();
        var store = world.App.Get<IJobStore>();
        var now = world.Time.GetUtcNow();
        var job = Assert.Single(await store.ClaimDueAsync(now, now.AddMinutes(5), 50), j => j.Kind == SlackEndpoints.EventJob);
        var handler = world.App.Services.GetServices<IJobHandler>().Single(h => h.Kinds.Contains(job.Kind));
        var hold = world.Slack.Hold("chat.postMessage");
        using var cut = new CancellationTokenSource();
        var run = handler.RunAsync(job, cut.Token);
        await hold.Arrived.WaitAsync(TimeSpan.FromSeconds(30));
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        hold.Release(process: true);
        await hold.Done;

        await RetryAsync();

        Assert.Single(world.Slack.Posted, m => m.Channel == "D0CASEY");
    }
}
