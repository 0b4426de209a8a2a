using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>A playbook edited while clocks run: pending jobs move to the new rules, none lost or doubled.</summary>
public sealed class PlaybookReloadTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
    private readonly string path;
    private readonly TimingWorld world;

    public PlaybookReloadTests()
    {
        Directory.CreateDirectory(folder);
        path = Path.Combine(folder, "playbook.yaml");
        File.Copy(TestDefaults.PlaybookPath, path);
        world = new TimingWorld(new Dictionary<string, string?> { ["Playbook:Path"] = path, ["Timing:WatchPlaybook"] = "false" });
    }

    public void Dispose() => world.Dispose();

    private static DateTimeOffset Utc(int mo, int d, int h) => new(2026, mo, d, h, 0, 0, TimeSpan.Zero);

    private async Task<List<ScheduledJob>> SlaJobsAsync(string id) =>
        [.. (await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 100)).Where(j => j.Kind.StartsWith("sla.", StringComparison.Ordinal))];

    [Fact]
    public async Task Reload_ShorterClockAndExtraReminder_PendingJobsMoveNoneLostOrDoubled()
    {
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();
        var before = await SlaJobsAsync(id);
        Assert.Equal(7, before.Count); // 50%, 100%, five escalations

        Edit("contextCapture: 24h", "contextCapture: 16h", "atPercent: [50, 100]", "atPercent: [50, 75, 100]");
        using var admin = world.App.AdminClient();
        var response = await admin.PostAsync("/api/playbook/reload", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["timingChanged"]!.GetValue<bool>());
        await world.App.RunJobsAsync();

        var h = await world.HandoffAsync(id);
        Assert.Equal(Utc(11, 3, 22), h.DueAt); // 16 business hours from Monday 09:00 New York
        Assert.Contains(h.Audit, a => a.Event == "sla.replanned");
        var after = await SlaJobsAsync(id);
        Assert.Equal(8, after.Count);
        Assert.Equal(after.Count, after.Select(j => j.IdempotencyKey).Distinct().Count());
        var fifty = after.Single(j => j.IdempotencyKey.EndsWith(":remind:50", StringComparison.Ordinal));
        Assert.Equal(before.Single(j => j.IdempotencyKey.EndsWith(":remind:50", StringComparison.Ordinal)).Id, fifty.Id); // moved, not copied
        Assert.Equal(Utc(11, 2, 22), fifty.DueAt);

        // Reloading the same file again changes nothing.
        var again = await (await admin.PostAsync("/api/playbook/reload", null)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(again!["timingChanged"]!.GetValue<bool>());
        await world.App.RunJobsAsync();
        Assert.Equal(after.Select(j => (j.Id, j.DueAt)), (await SlaJobsAsync(id)).Select(j => (j.Id, j.DueAt)));

        // The owner hears at 50%, 75% and 100% of the new clock, once each.
        await world.RunUntilAsync(Utc(11, 3, 23));
        Assert.Equal([50, 75, 100], world.Teams.Of<ReminderNotification>().Select(r => ((ReminderNotification)r.Notification).Percent));
    }

    [Fact]
    public async Task Reload_InvalidFile_IsRefusedWithTheProblems_AndThePlaybookInForceStays()
    {
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();
        var before = await SlaJobsAsync(id);
        Edit("contextCapture: 24h", "contextCapture: soon");

        using var admin = world.App.AdminClient();
        var response = await admin.PostAsync("/api/playbook/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains("sla.contextCapture", problem!["problems"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("24h", world.App.Get<HandoffService>().Playbook.Sla[Stage.ContextCapture].Within.ToString());
        Assert.Equal(before.Select(j => (j.Id, j.DueAt)), (await SlaJobsAsync(id)).Select(j => (j.Id, j.DueAt)));
    }

    [Fact]
    public async Task Reload_WithoutAdminKey_IsRefused()
    {
        using var client = world.App.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/playbook/reload", null)).StatusCode);
    }

    [Fact]
    public async Task Reload_PollDaysChangedAfterKickoff_PollsFollow()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await service.AcceptAsync(id, Deals.Csm);
        await service.ConfirmSyncAsync(id, Deals.Ae, SyncMode.Async);
        await service.ConfirmSyncAsync(id, Deals.Csm, SyncMode.Async);
        await service.MarkIntroSentAsync(id, Deals.Ae);
        await service.RecordKickoffHeldAsync(id, Deals.Csm, new DateOnly(2026, 11, 2));
        await world.App.RunJobsAsync();

        Edit("daysAfterKickoff: [30, 60, 90]", "daysAfterKickoff: [14, 30, 90]");
        using var admin = world.App.AdminClient();
        await admin.PostAsync("/api/playbook/reload", null);
        await world.App.RunJobsAsync();

        var polls = (await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 100)).Where(j => j.Kind == "poll.send").ToList();
        Assert.Equal(["14", "30", "90"], polls.Select(p => p.Payload).Order());
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 16, 0, 0, TimeSpan.Zero), polls.Single(p => p.Payload == "14").DueAt); // Mon 16 Nov 10:00 Chicago
    }

    private void Edit(params string[] pairs)
    {
        var text = File.ReadAllText(path);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            Assert.Contains(pairs[i], text, StringComparison.Ordinal);
            text = text.Replace(pairs[i], pairs[i + 1], StringComparison.Ordinal);
        }

        File.WriteAllText(path, text);
    }
}
