using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Playbooks;
using HandoffBot.Options;
using HandoffBot.Storage;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// LiteDB's metrics answer from facts held in memory after the first read: on a real data file, what
/// the next read sees after a save, a rolled-back write, a playbook with another calendar, and a restart.
/// </summary>
public sealed class LiteDbFactsCacheTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly Playbook NineToFive = PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }");
    private static readonly Playbook Mornings = PlaybookLoader.Parse("""
        owners: { revopsFallback: revops@example.com }
        calendar: { timeZone: America/New_York, workdays: [mon, tue, wed, thu, fri], hours: "09:00-12:00" }
        """);

    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
    private readonly SwitchablePlaybook playbooks = new() { Current = NineToFive };
    private LiteDbContext db;
    private LiteDbHandoffStore store;
    private LiteDbMetricsSource metrics;

    public LiteDbFactsCacheTests() => (db, store, metrics) = Open();

    [Fact]
    public async Task Metrics_SaveAfterARead_ShowsInTheNextRead()
    {
        await store.SaveAsync(NewHandoff("HO-0000001", "C-1"), []);
        Assert.Equal(1, (await metrics.MetricsAsync(null, null, T0)).Overall.Handoffs);

        await store.SaveAsync(NewHandoff("HO-0000002", "C-2", ae: "blake.ae@example.com"), []);
        var saved = (await store.GetAsync("HO-0000001"))!;
        saved.ApplyCrmUpdate(saved.Deal with { AeEmail = "casey.ae@example.com" }, DealContext.Empty, [], [], new Clock(T0.AddHours(1)));
        await store.SaveAsync(saved, []);

        var report = await metrics.MetricsAsync(null, null, T0);
        Assert.Equal(2, report.Overall.Handoffs);
        Assert.Equal(["blake.ae@example.com", "casey.ae@example.com"], report.ByAe.Select(g => g.Key));
        Assert.Equal(2, (await metrics.DigestAsync(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8), TimeZoneInfo.Utc, T0.AddDays(1))).Report.HandoffCount);
    }

    [Fact]
    public async Task Metrics_WriteRolledBackAfterItsFacts_DoesNotShow_NowOrAfterARestart()
    {
        await store.SaveAsync(NewHandoff("HO-0000001", "C-1"), []);
        Assert.Equal(1, (await metrics.MetricsAsync(null, null, T0)).Overall.Handoffs);
        var projection = new FactsProjection(playbooks);
        var ghost = projection.Project(NewHandoff("HO-0000009", "C-9", ae: "ghost.ae@example.com"));

        // A save that wrote its facts and then failed inside the same transaction.
        Assert.Throws<InvalidOperationException>(() => db.Write<int>(() =>
        {
            LiteDbMetricsSource.Upsert(db, ghost, projection.CalendarKey);
            throw new InvalidOperationException("the save failed after writing the facts");
        }));
        // A save refused for a stale version writes nothing either.
        var stale = (await store.GetAsync("HO-0000001"))!;
        await store.SaveAsync((await store.GetAsync("HO-0000001"))!, []);
        stale.ApplyCrmUpdate(stale.Deal with { AeEmail = "stale.ae@example.com" }, DealContext.Empty, [], [], new Clock(T0.AddHours(1)));
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(stale, []));

        Assert.Equal(["avery.ae@example.com"], (await metrics.MetricsAsync(null, null, T0)).ByAe.Select(g => g.Key));
        Reopen();
        Assert.Equal(["avery.ae@example.com"], (await metrics.MetricsAsync(null, null, T0)).ByAe.Select(g => g.Key));
    }

    [Fact]
    public async Task Metrics_PlaybookWithAnotherCalendar_ProjectsTheHandoffsAgain()
    {
        var handoff = NewHandoff("HO-0000001", "C-1");
        handoff.SubmitContext(new Actor("avery.ae@example.com", new HashSet<PersonRole> { PersonRole.AccountExecutive }), [], new Clock(T0.AddDays(2)));
        await store.SaveAsync(handoff, []);
        var nineToFive = (await metrics.MetricsAsync(null, null, T0.AddDays(3))).Overall.Medians.CloseToContext;
        Assert.Equal(HandoffFacts.From(handoff, NineToFive.Calendar).CloseToContext, nineToFive);

        playbooks.Current = Mornings;
        var mornings = (await metrics.MetricsAsync(null, null, T0.AddDays(3))).Overall.Medians.CloseToContext;

        Assert.Equal(HandoffFacts.From(handoff, Mornings.Calendar).CloseToContext, mornings);
        Assert.NotEqual(nineToFive, mornings);
        Assert.Equal(FactsProjection.Key(Mornings.Calendar), db.Collection(LiteDbMetricsSource.Collection).FindById("HO-0000001")["calendar"].AsString);
    }

    [Fact]
    public async Task Metrics_FactsOfAnOlderFile_ReadBackAndFollowLaterSaves()
    {
        // A file written before facts were held in memory: handoffs whose facts are missing are projected at the first read.
        await store.SaveAsync(NewHandoff("HO-0000001", "C-1"), []);
        await store.SaveAsync(NewHandoff("HO-0000002", "C-2", ae: "blake.ae@example.com"), []);
        db.Collection(LiteDbMetricsSource.Collection).Delete("HO-0000002");
        Reopen();

        Assert.Equal(["avery.ae@example.com", "blake.ae@example.com"], (await metrics.MetricsAsync(null, null, T0)).ByAe.Select(g => g.Key));
        await store.SaveAsync(NewHandoff("HO-0000003", "C-3", ae: "casey.ae@example.com"), []);
        Assert.Equal(3, (await metrics.MetricsAsync(null, null, T0)).Overall.Handoffs);
    }

    public void Dispose()
    {
        metrics.Dispose();
        db.Dispose();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private (LiteDbContext, LiteDbHandoffStore, LiteDbMetricsSource) Open()
    {
        var context = new LiteDbContext(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = Path.Combine(folder, "handoffbot.db") }));
        var projection = new FactsProjection(playbooks);
        return (context, new LiteDbHandoffStore(context, projection), new LiteDbMetricsSource(context, projection));
    }

    private void Reopen()
    {
        metrics.Dispose();
        db.Dispose();
        (db, store, metrics) = Open();
    }

    private static Handoff NewHandoff(string id, string crmId, string ae = "avery.ae@example.com")
    {
        var deal = new Deal { CrmId = crmId, AccountName = "Acme Logistics", Arr = 1000m, Currency = "USD", CloseDate = new DateOnly(2026, 10, 30), AeEmail = ae };
        return Handoff.Open(id, deal, DealContext.Empty, [], [], "Enterprise", new Routing(ae, OwnerRole.AccountExecutive, "cs-lead@example.com"), [], new Clock(T0));
    }

    private sealed class SwitchablePlaybook : IPlaybookProvider
    {
        public required Playbook Current { get; set; }
    }

    private sealed class Clock(DateTimeOffset now) : IStageClock
    {
        public DateTimeOffset Now => now;

        public DateTimeOffset? DueFor(Handoff handoff) => now.AddHours(24);
    }
}
