using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

public sealed class StorageTests
{
    [Fact]
    public async Task Restart_SameFile_LosesNothing()
    {
        string id;
        string dbPath;
        Handoff before;
        using (var first = new HandoffBotApp())
        {
            dbPath = first.DbPath;
            var response = await first.PostDealAsync(Deals.Complete().ToJsonString());
            id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            await first.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);
            await first.Get<IPeopleDirectory>().UpsertAsync(new Person { Email = "new.csm@example.com", Name = "New CSM" });
            before = (await first.Get<IHandoffStore>().GetAsync(id))!;
        }

        using var second = new HandoffBotApp(dbPath);
        var after = await second.Get<IHandoffStore>().GetAsync(id);

        Assert.NotNull(after);
        Assert.Equal(Stage.CsReview, after.Stage);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before.Audit), System.Text.Json.JsonSerializer.Serialize(after.Audit));
        Assert.Equal(before.Deal, after.Deal);
        Assert.Equal(before.Context.Stakeholders, after.Context.Stakeholders);
        Assert.NotNull(await second.Get<IPeopleDirectory>().FindAsync("new.csm@example.com"));
        Assert.NotEmpty(await second.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 10));
    }

    [Fact]
    public async Task ConcurrentUpdates_StaleVersionIsRefused_NeitherChangeIsLost()
    {
        using var app = new HandoffBotApp();
        var response = await app.PostDealAsync(Deals.Minimal().ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var store = app.Get<IHandoffStore>();
        var clock = await app.Get<HandoffService>().ClockAsync();
        var a = (await store.GetAsync(id))!;
        var b = (await store.GetAsync(id))!;
        var ae = Actor.Of(Deals.Ae, PersonRole.AccountExecutive);

        a.UpdateContext(a.Context with { Goals = ["from A"] }, ae, clock);
        b.UpdateContext(b.Context with { SuccessCriteria = ["from B"] }, ae, clock);
        await store.SaveAsync(a, []);

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(b, []));
        var stored = (await store.GetAsync(id))!;
        Assert.Equal(["from A"], stored.Context.Goals);
        Assert.Empty(stored.Context.SuccessCriteria);
    }

    [Fact]
    public async Task ConcurrentCommands_ThroughTheService_BothLand()
    {
        using var app = new HandoffBotApp();
        var response = await app.PostDealAsync(Deals.Minimal().ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var service = app.Get<HandoffService>();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => service.UpdateContextAsync(id, Deals.Ae, c => c with { Goals = [.. c.Goals, $"goal {i}"] }))));

        var stored = (await app.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal(10, stored.Context.Goals.Count);
        Assert.Equal(11, stored.Version);
    }

    [Fact]
    public async Task Query_ByStageAndOwner_UsesIndexedFields()
    {
        using var app = new HandoffBotApp();
        for (var i = 0; i < 3; i++)
        {
            await app.PostDealAsync(Deals.Complete($"CRM-{i}").ToJsonString());
        }

        var service = app.Get<HandoffService>();
        var first = (await service.QueryAsync(new HandoffQuery(Text: "acme")))[0];
        await service.SubmitContextAsync(first.Id, Deals.Ae);

        Assert.Single(await service.QueryAsync(new HandoffQuery(Stage: Stage.CsReview)));
        Assert.Equal(2, (await service.QueryAsync(new HandoffQuery(Stage: Stage.ContextCapture, OwnerEmail: Deals.Ae))).Count);
        Assert.Single(await service.QueryAsync(new HandoffQuery(OwnerEmail: Deals.Csm)));
        Assert.Empty(await service.QueryAsync(new HandoffQuery(Text: "globex")));
    }

    [Fact]
    public async Task Jobs_SameIdempotencyKey_StoredOnce()
    {
        using var app = new HandoffBotApp();
        var jobs = app.Get<IJobStore>();
        var now = app.Time.GetUtcNow();

        var added = await jobs.EnqueueAsync([ScheduledJob.Create("k", null, now, "key-1", now), ScheduledJob.Create("k", null, now, "key-1", now)]);
        var again = await jobs.EnqueueAsync([ScheduledJob.Create("k", null, now, "key-1", now)]);

        Assert.Equal(1, added);
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task Jobs_ClaimedButNeverFinished_AreClaimedAgainAfterTheLease()
    {
        using var app = new HandoffBotApp();
        var jobs = app.Get<IJobStore>();
        var now = app.Time.GetUtcNow();
        await jobs.EnqueueAsync([ScheduledJob.Create("k", null, now, "key-1", now)]);

        var claimed = await jobs.ClaimDueAsync(now, now.AddMinutes(5), 10);
        var meanwhile = await jobs.ClaimDueAsync(now.AddMinutes(1), now.AddMinutes(6), 10);
        var afterLease = await jobs.ClaimDueAsync(now.AddMinutes(6), now.AddMinutes(11), 10);

        Assert.Single(claimed);
        Assert.Empty(meanwhile);
        Assert.Equal(0, Assert.Single(afterLease).Attempts); // claimed twice, never started: no attempt used
        Assert.Equal(1, (await jobs.StartAsync(afterLease[0], now.AddMinutes(11))).Attempts);
    }
}
