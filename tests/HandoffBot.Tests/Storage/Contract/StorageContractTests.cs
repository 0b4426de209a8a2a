using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Storage;

namespace HandoffBot.Tests.Storage.Contract;

/// <summary>
/// What every storage backend promises, run against each (<see cref="LiteDbStorageContractTests"/>,
/// <see cref="PostgresStorageContractTests"/>): the same calls, the same answers.
/// </summary>
public abstract class StorageContractTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);

    private StorageBackend? backend;

    protected StorageBackend Backend => backend ??= Open();

    /// <summary>The settings of a fresh, empty store for this test.</summary>
    protected abstract IDictionary<string, string?> FreshSettings();

    protected virtual StorageBackend Open() => StorageBackend.Open(FreshSettings());

    public virtual void Dispose()
    {
        backend?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static Handoff NewHandoff(string id, string crmId, string account = "Acme Logistics", string ae = "avery.ae@example.com")
    {
        var deal = new Deal { CrmId = crmId, AccountName = account, Arr = 1000m, Currency = "USD", CloseDate = new DateOnly(2026, 10, 30), AeEmail = ae };
        return Handoff.Open(id, deal, DealContext.Empty, [], [], "Enterprise", new Routing(ae, OwnerRole.AccountExecutive, "cs-lead@example.com"), [], new FixedClock(T0));
    }

    protected static ScheduledJob Job(string key, DateTimeOffset due, string? handoffId = null, string kind = "test.kind", string? group = null) =>
        group is null
            ? ScheduledJob.Create(kind, handoffId, due, key, T0, "payload-" + key)
            : ScheduledJob.InGroup(group, kind, handoffId, due, key, T0, "payload-" + key);

    [BackendFact]
    public async Task Handoff_SavedWithJobs_ReadsBackWhole()
    {
        var store = Backend.Get<IHandoffStore>();
        var handoff = NewHandoff("HO-0000001", "006ABC");
        await store.SaveAsync(handoff, [Job("k1", T0, handoff.Id)]);

        var read = await store.GetAsync(handoff.Id);
        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(handoff.Deal, read.Deal);
        Assert.Equal(handoff.Audit.Select(a => (a.Event, a.Details)), read.Audit.Select(a => (a.Event, a.Details)));
        Assert.Equal("k1", Assert.Single(await Backend.Get<IJobStore>().ListAsync(null, handoff.Id, 10)).IdempotencyKey);
        Assert.Null(await store.GetAsync("HO-NOPE000"));
    }

    [BackendFact]
    public async Task CrmIds_DifferingOnlyInCase_AreTwoHandoffs_SameIdTwiceIsRefused()
    {
        var store = Backend.Get<IHandoffStore>();
        await store.SaveAsync(NewHandoff("HO-0000001", "006ABC"), []);
        await store.SaveAsync(NewHandoff("HO-0000002", "006abc"), []);

        Assert.Equal("HO-0000001", (await store.FindByCrmIdAsync("006ABC"))!.Id);
        Assert.Equal("HO-0000002", (await store.FindByCrmIdAsync("006abc"))!.Id);
        Assert.Null(await store.FindByCrmIdAsync("006Abc"));
        await Assert.ThrowsAsync<DuplicateCrmIdException>(() => store.SaveAsync(NewHandoff("HO-0000003", "006ABC"), []));
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(NewHandoff("HO-0000001", "other"), []));
    }

    [BackendFact]
    public async Task StaleVersion_IsRefused_AndItsJobsAreNotStored()
    {
        var store = Backend.Get<IHandoffStore>();
        await store.SaveAsync(NewHandoff("HO-0000001", "C-1"), []);
        var a = (await store.GetAsync("HO-0000001"))!;
        var b = (await store.GetAsync("HO-0000001"))!;
        a.ApplyCrmUpdate(a.Deal with { Arr = 2000m }, DealContext.Empty, [], [], new FixedClock(T0.AddMinutes(1)), SourceLimit.Default, out _);
        await store.SaveAsync(a, []);
        b.ApplyCrmUpdate(b.Deal with { Arr = 3000m }, DealContext.Empty, [], [], new FixedClock(T0.AddMinutes(2)), SourceLimit.Default, out _);

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(b, [Job("lost", T0, b.Id)]));
        Assert.Equal(2000m, (await store.GetAsync("HO-0000001"))!.Deal.Arr);
        Assert.Empty(await Backend.Get<IJobStore>().ListAsync(null, "HO-0000001", 10));
    }

    [BackendFact]
    public async Task Query_FiltersByStageOwnerTextAndOpen_NewestFirst_ScanSeesAll()
    {
        var store = Backend.Get<IHandoffStore>();
        for (var i = 0; i < 5; i++)
        {
            await store.SaveAsync(NewHandoff($"HO-000000{i}", $"C-{i}", account: i % 2 == 0 ? "Acme Logistics" : "Globex", ae: i < 3 ? "avery.ae@example.com" : "Other.AE@example.com"), []);
        }

        var acme = await store.QueryAsync(new HandoffQuery(Text: "ACME"));
        Assert.Equal(["HO-0000000", "HO-0000002", "HO-0000004"], acme.Select(h => h.Id).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await store.QueryAsync(new HandoffQuery(OwnerEmail: "other.ae@EXAMPLE.com"))).Count);
        Assert.Equal(5, (await store.QueryAsync(new HandoffQuery(Stage: Stage.ContextCapture, OpenOnly: true))).Count);
        Assert.Empty(await store.QueryAsync(new HandoffQuery(Stage: Stage.CsReview)));
        Assert.Equal(2, (await store.QueryAsync(new HandoffQuery(Limit: 2))).Count);

        var scanned = new List<string>();
        await foreach (var h in Backend.Get<IHandoffScan>().ScanAsync())
        {
            scanned.Add(h.Id);
        }

        Assert.Equal(5, scanned.Distinct(StringComparer.Ordinal).Count());
    }

    [BackendFact]
    public async Task Jobs_KeysAreExact_KnownKeySkipped()
    {
        var jobs = Backend.Get<IJobStore>();
        Assert.Equal(2, await jobs.EnqueueAsync([Job("Ev0CASEab", T0), Job("Ev0CASEAB", T0)]));
        Assert.Equal(0, await jobs.EnqueueAsync([Job("Ev0CASEab", T0.AddHours(1))]));
        Assert.Equal(2, (await jobs.ListAsync(JobStatus.Pending, null, 10)).Count);
    }

    [BackendFact]
    public async Task Jobs_ClaimStartCompleteFailDefer_FollowTheLifecycle()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([Job("a", T0), Job("b", T0.AddMinutes(1)), Job("later", T0.AddHours(1))]);
        Assert.Equal(T0, await jobs.NextDueAtAsync());

        var claimed = await jobs.ClaimDueAsync(T0.AddMinutes(1), T0.AddMinutes(6), 10);
        Assert.Equal(["a", "b"], claimed.Select(j => j.IdempotencyKey));
        Assert.All(claimed, j => Assert.Equal((JobStatus.Running, 0), (j.Status, j.Attempts)));
        Assert.Empty(await jobs.ClaimDueAsync(T0.AddMinutes(2), T0.AddMinutes(7), 10));

        var a = await jobs.StartAsync(claimed[0], T0.AddMinutes(6));
        Assert.Equal(1, a.Attempts);
        await jobs.CompleteAsync(a.Id, T0.AddMinutes(2));
        var b = await jobs.StartAsync(claimed[1], T0.AddMinutes(6));
        await jobs.FailAsync(b.Id, "boom", T0.AddMinutes(30), T0.AddMinutes(2));
        var failed = Assert.Single(await jobs.ListAsync(JobStatus.Pending, null, 10), j => j.IdempotencyKey == "b");
        Assert.Equal((1, "boom", T0.AddMinutes(30)), (failed.Attempts, failed.LastError, failed.DueAt));

        await jobs.DeferAsync(b.Id, "429", T0.AddMinutes(40));
        var deferred = Assert.Single(await jobs.ListAsync(JobStatus.Pending, null, 10), j => j.IdempotencyKey == "b");
        Assert.Equal((0, 1, T0.AddMinutes(40)), (deferred.Attempts, deferred.Deferrals, deferred.DueAt));

        await jobs.FailAsync(b.Id, "gave up", null, T0.AddMinutes(3));
        Assert.Equal("b", Assert.Single(await jobs.ListAsync(JobStatus.Failed, null, 10)).IdempotencyKey);
        Assert.Equal("a", Assert.Single(await jobs.ListAsync(JobStatus.Done, null, 10)).IdempotencyKey);
    }

    [BackendFact]
    public async Task Jobs_FinishedMarkedDoneWithTheNextStart_OrInBulk_EachWithItsTime()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([Job("a", T0), Job("b", T0), Job("c", T0), Job("d", T0)]);
        var claimed = await jobs.ClaimDueAsync(T0, T0.AddMinutes(5), 10);
        var byKey = claimed.ToDictionary(j => j.IdempotencyKey);
        await jobs.StartAsync(byKey["a"], T0.AddMinutes(5));
        await jobs.StartAsync(byKey["b"], T0.AddMinutes(5));

        // a and b ran to the end; c starts in the same write.
        var c = await jobs.StartAsync(byKey["c"], T0.AddMinutes(7), [new FinishedJob(byKey["a"].Id, T0.AddMinutes(1)), new FinishedJob(byKey["b"].Id, T0.AddMinutes(2))]);
        Assert.Equal((1, T0.AddMinutes(7)), (c.Attempts, c.LeaseUntil));
        var done = (await jobs.ListAsync(JobStatus.Done, null, 10)).ToDictionary(j => j.IdempotencyKey);
        Assert.Equal(["a", "b"], done.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((T0.AddMinutes(1), T0.AddMinutes(2)), (done["a"].FinishedAt, done["b"].FinishedAt));
        Assert.All(done.Values, j => Assert.Null(j.LeaseUntil));
        Assert.Equal(1, Assert.Single(await jobs.ListAsync(JobStatus.Running, null, 10), j => j.IdempotencyKey == "c").Attempts);

        // Nothing finished: a plain start. Then the rest in bulk; an unknown id changes nothing.
        await jobs.StartAsync(byKey["d"], T0.AddMinutes(7), []);
        await jobs.CompleteAsync([new FinishedJob(c.Id, T0.AddMinutes(3)), new FinishedJob(byKey["d"].Id, T0.AddMinutes(4)), new FinishedJob("no-such-job", T0)]);
        Assert.Equal(["a", "b", "c", "d"], (await jobs.ListAsync(JobStatus.Done, null, 10)).Select(j => j.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.Null(await jobs.NextDueAtAsync());
        await jobs.CompleteAsync([]);
    }

    [BackendFact]
    public async Task Jobs_LeaseRunsOut_ClaimedAgain()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([Job("a", T0)]);
        var first = Assert.Single(await jobs.ClaimDueAsync(T0, T0.AddMinutes(5), 10));
        await jobs.StartAsync(first, T0.AddMinutes(5));
        Assert.Equal(T0.AddMinutes(5), await jobs.NextDueAtAsync());

        Assert.Empty(await jobs.ClaimDueAsync(T0.AddMinutes(4), T0.AddMinutes(9), 10));
        var again = Assert.Single(await jobs.ClaimDueAsync(T0.AddMinutes(5), T0.AddMinutes(10), 10));
        Assert.Equal((first.Id, 1), (again.Id, again.Attempts));
    }

    [BackendFact]
    public async Task Jobs_ConcurrentClaims_NeverHandOutOneJobTwice()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([.. Enumerable.Range(0, 300).Select(i => Job($"j{i}", T0))]);
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while ((await jobs.ClaimDueAsync(T0, T0.AddMinutes(5), 7)) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(j => j.Id));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Distinct(StringComparer.Ordinal).Count());
    }

    [BackendFact]
    public async Task Jobs_GroupReplan_CancelsDropped_ReschedulesKept_LeavesRunAlone()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([Job("r1", T0, "HO-1", group: "HO-1:sla"), Job("r2", T0.AddHours(1), "HO-1", group: "HO-1:sla"), Job("r3", T0.AddHours(2), "HO-1", group: "HO-1:sla")]);
        var ran = Assert.Single(await jobs.ClaimDueAsync(T0, T0.AddMinutes(5), 1));
        await jobs.CompleteAsync(ran.Id, T0);

        await jobs.EnqueueAsync([Job("r1", T0.AddHours(5), "HO-1", group: "HO-1:sla"), Job("r2", T0.AddHours(3), "HO-1", group: "HO-1:sla")]);
        var all = (await jobs.ListAsync(null, "HO-1", 10)).ToDictionary(j => j.IdempotencyKey);
        Assert.Equal((JobStatus.Done, T0), (all["r1"].Status, all["r1"].DueAt));
        Assert.Equal((JobStatus.Pending, T0.AddHours(3)), (all["r2"].Status, all["r2"].DueAt));
        Assert.Equal(JobStatus.Cancelled, all["r3"].Status);

        await jobs.EnqueueAsync([Job("r3", T0.AddHours(4), "HO-1", group: "HO-1:sla"), ScheduledJob.EmptyGroup("HO-1:other", "HO-1", T0)]);
        all = (await jobs.ListAsync(null, "HO-1", 10)).ToDictionary(j => j.IdempotencyKey);
        Assert.Equal((JobStatus.Pending, T0.AddHours(4)), (all["r3"].Status, all["r3"].DueAt));
        Assert.Equal(JobStatus.Cancelled, all["r2"].Status);

        await jobs.EnqueueAsync([ScheduledJob.EmptyGroup("HO-1:sla", "HO-1", T0)]);
        Assert.Empty(await jobs.ListAsync(JobStatus.Pending, "HO-1", 10));
    }

    [BackendFact]
    public async Task Jobs_CancelByKindPrefix_OnlyPendingOfThatHandoff()
    {
        var jobs = Backend.Get<IJobStore>();
        await jobs.EnqueueAsync([Job("a", T0, "HO-1", "sla.remind"), Job("b", T0, "HO-1", "sla.escalate"), Job("c", T0, "HO-1", "notify.brief"), Job("d", T0, "HO-2", "sla.remind")]);
        Assert.Equal(2, await jobs.CancelAsync("HO-1", "sla."));
        Assert.Equal(["c", "d"], (await jobs.ListAsync(JobStatus.Pending, null, 10)).Select(j => j.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [BackendFact]
    public async Task Deliveries_ReserveSendRelease_AndInDoubtKeepsItsFirstTime()
    {
        var log = Backend.Get<IDeliveryLog>();
        Assert.Equal(DeliveryOutcome.New, (await log.BeginAsync("HO-1/k:Ab", T0)).Outcome);
        Assert.Equal(DeliveryOutcome.New, (await log.BeginAsync("HO-1/k:AB", T0)).Outcome);
        var doubt = await log.BeginAsync("HO-1/k:Ab", T0.AddMinutes(5));
        Assert.Equal((DeliveryOutcome.InDoubt, T0), (doubt.Outcome, doubt.Since));

        var message = new MessageRef(ChatPlatform.Slack, "C1", "1700000000.000100");
        await log.SentAsync("HO-1/k:Ab", message, T0.AddMinutes(6));
        var sent = await log.BeginAsync("HO-1/k:Ab", T0.AddMinutes(7));
        Assert.Equal((DeliveryOutcome.AlreadySent, message), (sent.Outcome, sent.Message));
        Assert.Equal(DeliveryState.Sent, (await log.FindAsync("HO-1/k:Ab"))!.State);

        await log.ReleaseAsync("HO-1/k:Ab"); // sent: stays
        await log.ReleaseAsync("HO-1/k:AB"); // sending: goes
        Assert.Null(await log.FindAsync("HO-1/k:AB"));
        Assert.Equal("HO-1/k:Ab", Assert.Single(await log.ListAsync(DeliveryState.Sent, 10)).Key);
        Assert.Empty(await log.ListAsync(DeliveryState.Sending, 10));
    }

    [BackendFact]
    public async Task People_EmailIgnoresCase_PlatformIdsAreExact()
    {
        var people = Backend.Get<IPeopleDirectory>(StorageServices.StoredDirectory);
        await people.UpsertAsync(new Person { Email = "Casey.CSM@Example.com", Name = "Casey", Slack = new SlackIdentity("U0AbC", null), Platform = ChatPlatform.Slack });
        await people.UpsertAsync(new Person { Email = "chris@example.com", Name = "Chris", Slack = new SlackIdentity("U0ABC", null) });

        Assert.Equal("Casey", (await people.FindAsync("casey.csm@EXAMPLE.com"))!.Name);
        Assert.Equal("Casey", (await people.FindByPlatformIdAsync(ChatPlatform.Slack, "U0AbC"))!.Name);
        Assert.Equal("Chris", (await people.FindByPlatformIdAsync(ChatPlatform.Slack, "U0ABC"))!.Name);
        Assert.Null(await people.FindByPlatformIdAsync(ChatPlatform.Slack, "u0abc"));
        Assert.Equal(2, (await people.ListAsync()).Count);
        Assert.True(await people.RemoveAsync("CHRIS@example.com"));
        Assert.Null(await people.FindAsync("chris@example.com"));
    }

    [BackendFact]
    public void Conversations_FoundByIdPersonOrTenant_RemovedByTeam()
    {
        var store = Backend.Get<IConversationReferences>();
        Assert.True(store.Save(new ConversationRecord("a:1AbC", "Personal", "https://smba.example/emea/", "t1", "29:1Ab", "aad-1", "avery.ae@example.com", null, "{}")));
        Assert.False(store.Save(new ConversationRecord("a:1AbC", "Personal", "https://smba.example/amer/", "t1", "29:1Ab", "aad-1", "avery.ae@example.com", null, "{\"x\":1}")));
        store.Save(new ConversationRecord("19:ch@thread.tacv2", "Channel", "https://smba.example/emea/", "t2", null, null, null, "19:team@thread.tacv2", "{}"));

        Assert.Equal("https://smba.example/amer/", store.Find("a:1AbC")!.ServiceUrl);
        Assert.True(store.Contains("a:1AbC"));
        Assert.False(store.Contains("a:1abc"));
        Assert.Equal("a:1AbC", store.FindBy(ConversationField.UserId, "29:1Ab", "Personal")!.ConversationId);
        Assert.Null(store.FindBy(ConversationField.UserId, "29:1AB", "Personal"));
        Assert.Equal("a:1AbC", store.FindBy(ConversationField.Email, "Avery.AE@example.com", "Personal")!.ConversationId);
        Assert.Null(store.FindBy(ConversationField.AadObjectId, "aad-1", "Channel"));
        Assert.Equal("19:ch@thread.tacv2", store.FindAny("t2")!.ConversationId);
        Assert.NotNull(store.FindAny(null));
        Assert.Equal(1, store.RemoveTeam("19:team@thread.tacv2"));
        Assert.Equal(1, store.Count());
    }

    [BackendFact]
    public void ActivityLedger_SavesFindsTrimsOldestFirst()
    {
        var ledger = Backend.Get<IActivityLedger>();
        ledger.Save([.. Enumerable.Range(0, 10).Select(i => new ActivityRecord($"k{i:D2}", T0.AddSeconds(i), i == 3 ? "{\"status\":200}" : null))]);
        Assert.Equal("{\"status\":200}", ledger.Find("k03")!.Response);
        Assert.Equal(T0.AddSeconds(9), ledger.Latest());
        Assert.Equal(2, ledger.Trim(T0.AddSeconds(2), keep: 100, limit: 100));
        Assert.Equal(3, ledger.Trim(T0, keep: 5, limit: 100));
        Assert.Equal(5, ledger.Count());
        Assert.Null(ledger.Find("k04"));
        Assert.NotNull(ledger.Find("k05"));
    }

    [BackendFact]
    public async Task Settings_FirstValueStays()
    {
        var settings = Backend.Get<ISettingsStore>();
        Assert.Equal("one", await settings.GetOrAddAsync("linkKey", () => "one"));
        Assert.Equal("one", await settings.GetOrAddAsync("linkKey", () => "two"));
    }

    [BackendFact]
    public async Task Charts_KeptUntilPurged()
    {
        var charts = Backend.Get<IChartStore>();
        await charts.SaveAsync("old", [1, 2, 3], "a,b\n", T0, T0.AddDays(-180));
        Assert.Equal([1, 2, 3], await charts.FindPngAsync("old"));
        Assert.Equal("a,b\n", await charts.FindCsvAsync("old"));
        await charts.SaveAsync("new", [4], "c\n", T0.AddDays(200), T0.AddDays(20));
        Assert.Null(await charts.FindPngAsync("old"));
        Assert.Equal([4], await charts.FindPngAsync("new"));
    }

    [BackendFact]
    public async Task Inbox_AcceptedJobsReachTheStore_OnceByKey()
    {
        var inbox = Backend.Get<IJobInbox>();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => inbox.AcceptAsync(Job($"slack:Ev{i % 25}", T0), CancellationToken.None)));
        await inbox.WhenMovedAsync();
        Assert.Equal(25, (await Backend.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100)).Count);
    }

    [BackendFact]
    public async Task Health_Reachable_AndDescribedWithoutSecrets()
    {
        var health = Backend.Get<IStorageHealth>();
        Assert.True(await health.IsReachableAsync());
        Assert.DoesNotContain("Password", health.Description, StringComparison.OrdinalIgnoreCase);
    }

    [BackendFact]
    public async Task Metrics_FromStoredFacts_AreWhatTheFactsGiveInMemory()
    {
        var facts = MetricsContract.Portfolio(1_500);
        await Backend.Get<IFactsLoader>().LoadAsync(facts);
        var source = Backend.Get<IMetricsSource>();

        MetricsContract.Same(HandoffMetrics.Compute(facts, MetricsContract.AsOf), await source.MetricsAsync(null, null, MetricsContract.AsOf));
        var (from, to) = (new DateOnly(2026, 5, 1), new DateOnly(2026, 8, 31));
        MetricsContract.Same(
            HandoffMetrics.Compute([.. facts.Where(f => f.CloseDate >= from && f.CloseDate <= to)], MetricsContract.AsOf),
            await source.MetricsAsync(from, to, MetricsContract.AsOf));
    }

    [BackendFact]
    public async Task Digest_FromStoredFacts_IsWhatTheFactsGiveInMemory()
    {
        var facts = MetricsContract.Portfolio(1_500, seed: 11);
        await Backend.Get<IFactsLoader>().LoadAsync(facts);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        foreach (var (from, to) in new[] { (new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22)), (new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 30)) })
        {
            var expected = DigestBuilder.Build(facts, from, to, zone, MetricsContract.AsOf);
            var actual = await Backend.Get<IMetricsSource>().DigestAsync(from, to, zone, MetricsContract.AsOf);
            MetricsContract.Same(expected.Report, actual.Report);
            MetricsContract.Same(expected.Chart, actual.Chart);
        }

        // The long period exercises every part of the digest (so the comparison above compares something).
        var (report, chart) = await Backend.Get<IMetricsSource>().DigestAsync(new DateOnly(2026, 6, 1), new DateOnly(2026, 9, 30), zone, MetricsContract.AsOf);
        Assert.All(new[] { report.BreachRows, report.PollRows, report.RejectionReasons, report.ChurnFlags }, rows => Assert.NotEmpty(rows));
        Assert.All(report.Medians, m => Assert.StartsWith("n=", m.Note, StringComparison.Ordinal));
        Assert.NotNull(report.Reading);
        Assert.Equal(3, chart.Series.Count);
    }

    [BackendFact]
    public async Task Facts_WrittenWithTheHandoff_FollowEveryChange()
    {
        var store = Backend.Get<IHandoffStore>();
        var handoff = NewHandoff("HO-0000001", "C-1");
        await store.SaveAsync(handoff, []);
        Assert.Equal("avery.ae@example.com", Assert.Single((await Backend.Get<IMetricsSource>().MetricsAsync(null, null, T0)).ByAe).Key);
        var saved = (await store.GetAsync(handoff.Id))!;
        saved.ApplyCrmUpdate(saved.Deal with { AeEmail = "other.ae@example.com" }, DealContext.Empty, [], [], new FixedClock(T0.AddHours(1)));
        await store.SaveAsync(saved, []);

        var report = await Backend.Get<IMetricsSource>().MetricsAsync(null, null, T0.AddDays(3));
        Assert.Equal(1, report.Overall.Handoffs);
        Assert.Equal("other.ae@example.com", Assert.Single(report.ByAe).Key);
        Assert.Equal(1, report.Overall.Breaches); // the context-capture clock (24 h) ran out
        Assert.Equal(0, (await Backend.Get<IMetricsSource>().MetricsAsync(null, null, T0.AddHours(2))).Overall.Breaches);
        var digest = await Backend.Get<IMetricsSource>().DigestAsync(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8), TimeZoneInfo.Utc, T0.AddDays(3));
        Assert.Equal(1, digest.Report.HandoffCount);
    }

    private sealed class FixedClock(DateTimeOffset now) : IStageClock
    {
        public DateTimeOffset Now => now;

        public DateTimeOffset? DueFor(Handoff handoff) => now.AddHours(24);
    }
}
