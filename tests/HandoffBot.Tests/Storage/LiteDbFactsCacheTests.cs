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
    public async Task Metrics_SavedHandoffChangedButNotSaved_DoesNotShow()
    {
        Assert.Equal(0, (await metrics.MetricsAsync(null, null, T0)).Overall.Handoffs); // the facts are held from here on
        var handoff = NewHandoff("HO-0000001", "C-1");
        handoff.SubmitContext(new Actor("avery.ae@example.com", new HashSet<PersonRole> { PersonRole.AccountExecutive }), [], new Clock(T0.AddHours(2)));
        await store.SaveAsync(handoff, []);
        var week = (From: new DateOnly(2026, 11, 2), To: new DateOnly(2026, 11, 8));
        Assert.Empty((await metrics.DigestAsync(week.From, week.To, TimeZoneInfo.Utc, T0.AddDays(1))).Report.RejectionReasons);

        // The caller still holds the saved aggregate; a change it never saves must not reach the facts held in memory.
        handoff.Reject(RejectionReason.MissingContext, "no notes", new Actor("cs-lead@example.com", new HashSet<PersonRole> { PersonRole.CsLead }), new Clock(T0.AddHours(3)));

        Assert.Empty((await metrics.DigestAsync(week.From, week.To, TimeZoneInfo.Utc, T0.AddDays(1))).Report.RejectionReasons);
        await store.SaveAsync(handoff, []);
        Assert.Single((await metrics.DigestAsync(week.From, week.To, TimeZoneInfo.Utc, T0.AddDays(1))).Report.RejectionReasons);
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

    [Fact]
    public async Task Facts_StoredAsJsonByAnOlderVersion_ReadBack_AndAreRewrittenInTheBinaryFormat()
    {
        var facts = Contract.MetricsContract.Portfolio(300, seed: 5);
        var key = new FactsProjection(playbooks).CalendarKey;
        db.Write(() => facts.Sum(f => db.Collection(LiteDbMetricsSource.Collection).Upsert(new LiteDB.BsonDocument
        {
            ["_id"] = f.Id,
            ["calendar"] = key,
            ["json"] = System.Text.Json.JsonSerializer.Serialize(f, StoreJson.Options),
        }) ? 1 : 0));
        var expected = HandoffMetrics.Compute(facts, Contract.MetricsContract.AsOf);

        Contract.MetricsContract.Same(expected, await metrics.MetricsAsync(null, null, Contract.MetricsContract.AsOf));
        Assert.All(db.Collection(LiteDbMetricsSource.Collection).FindAll(), doc => Assert.Equal((true, false), (doc["bin"].IsBinary, doc.ContainsKey("json"))));
        Reopen();
        Contract.MetricsContract.Same(expected, await metrics.MetricsAsync(null, null, Contract.MetricsContract.AsOf));
    }

    [Fact]
    public void FactsCodec_RoundTrip_KeepsEveryProperty()
    {
        var full = new HandoffFacts
        {
            Id = "HO-0000001", Account = "Ünïcode & Söns", Ae = "avery.ae@example.com", Segment = "Mid-Market", CloseDate = new DateOnly(2026, 3, 4),
            CreatedAt = new DateTimeOffset(2026, 3, 4, 9, 30, 15, 123, TimeSpan.FromHours(-5)), Stage = Stage.Kickoff,
            ContextCompleteAt = T0, AcceptedAt = T0.AddHours(5.5), IntroAt = T0.ToOffset(TimeSpan.FromHours(5.5)), KickoffAt = T0.AddDays(9),
            CompletenessAtReview = 87, CloseToContext = 0.1 + 0.2, ContextToAccepted = 1 / 3.0, AcceptedToIntro = 2.5, IntroToKickoff = 1e-12, CloseToKickoff = 12.75,
            Breaches = [new SlaBreach(Stage.CsReview, "cs@example.com", T0), new SlaBreach(Stage.WarmIntro, "csm@example.com", T0.AddDays(1))],
            OpenClock = new SlaBreach(Stage.Kickoff, "csm@example.com", T0.AddDays(3)),
            Polls = [new PollAnswer(30, DealMatch.Partly, 4, new DateOnly(2026, 5, 1), Severity.High, "said \"soon\"", "csm@example.com", T0.AddDays(30)),
                new PollAnswer(60, DealMatch.No, 2, null, Severity.Low, null, "csm@example.com", T0.AddDays(60))],
            Rejections = [new Rejection(RejectionReason.MissingContext, "no notes", "cs@example.com", T0.AddHours(2))],
            ChurnedOn = new DateOnly(2026, 8, 1), FirstValueOn = new DateOnly(2026, 5, 1),
        };
        // A property added to the facts must be set here, so the codec is made to carry it.
        Assert.All(typeof(HandoffFacts).GetProperties(), p => Assert.False(IsUnset(p.GetValue(full)), p.Name));

        foreach (var facts in Contract.MetricsContract.Portfolio(500, seed: 3).Prepend(full))
        {
            var back = FactsCodec.Decode(FactsCodec.Encode(facts), s => s);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(facts, StoreJson.Options), System.Text.Json.JsonSerializer.Serialize(back, StoreJson.Options));
            Assert.Equal(facts.CreatedAt.Offset, back.CreatedAt.Offset);
        }
    }

    private static bool IsUnset(object? value) =>
        value is null or System.Collections.ICollection { Count: 0 } || (value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType())));

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
