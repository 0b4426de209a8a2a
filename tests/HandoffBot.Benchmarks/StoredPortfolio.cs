using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Playbooks;
using HandoffBot.Options;
using HandoffBot.Storage;

namespace HandoffBot.Benchmarks;

/// <summary>Real handoffs, run through the domain and stored in a LiteDB file, for the read-and-project cost of metrics.</summary>
public sealed class StoredPortfolio : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-bench", Guid.NewGuid().ToString("N"));
    private readonly LiteDbContext db;

    public StoredPortfolio()
    {
        db = new LiteDbContext(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") }));
        Scan = new LiteDbHandoffScan(db);
    }

    public IHandoffScan Scan { get; }

    /// <summary>The filled file, for copying it elsewhere (<c>--storage migrate</c>).</summary>
    public LiteDbContext File => db;

    public async Task FillAsync(int count, Playbook playbook)
    {
        var store = new LiteDbHandoffStore(db, new HandoffBot.Core.Metrics.FactsProjection(new HandoffBot.Core.Application.FixedPlaybookProvider(playbook)));
        var clock = new Clock { Now = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero) };
        var ae = Actor.Of("ae@example.com", PersonRole.AccountExecutive);
        var csm = Actor.Of("csm@example.com", PersonRole.Csm);
        for (var i = 0; i < count; i++)
        {
            clock.Now = clock.Now.AddMinutes(30);
            var deal = new Deal { CrmId = $"CRM-{i}", AccountName = $"Account {i}", Currency = "USD", Arr = 10_000 + i, CloseDate = DateOnly.FromDateTime(clock.Now.UtcDateTime), AeEmail = ae.Email, CsmEmail = csm.Email, CustomerTimeZone = "UTC" };
            var h = Handoff.Open($"HO-{i:D7}", deal, Context, [new Note("n1", ae.Email, clock.Now, "Champion is Dana; budget approved for 250 seats.")], [], "SMB",
                new Routing(ae.Email, OwnerRole.AccountExecutive, "lead@example.com"), [], clock);
            h.SubmitContext(ae, [], clock);
            h.Accept(csm, clock);
            h.ConfirmInternalSync(SyncMode.Async, ae, clock);
            h.ConfirmInternalSync(SyncMode.Async, csm, clock);
            if (i % 2 == 0)
            {
                h.MarkIntroSent(ae, clock);
            }

            await store.SaveAsync(h, []);
        }
    }

    public async Task<int> ReadOnlyAsync()
    {
        var n = 0;
        await foreach (var h in Scan.ScanAsync())
        {
            n += h.Audit.Count > 0 ? 1 : 0;
        }

        return n;
    }

    public async Task<int> ProjectAsync(BusinessCalendar calendar)
    {
        var facts = new List<HandoffFacts>();
        await foreach (var h in Scan.ScanAsync())
        {
            facts.Add(HandoffFacts.From(h, calendar));
        }

        return facts.Count;
    }

    public void Dispose()
    {
        db.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static readonly DealContext Context = new()
    {
        WhatWasSold = [new SoldItem("Route Planner", 250, ["Analytics"])],
        Goals = ["Cut late deliveries"],
        SuccessCriteria = ["Late deliveries below 3% by March"],
        Stakeholders = [new Stakeholder("Dana Ruiz", "dana@acme.example", StakeholderRole.Champion, "VP Operations")],
        Risks = [new Risk(RiskCategory.Timeline, Severity.Medium, "Peak season freeze in December")],
        TargetGoLive = new DateOnly(2027, 1, 15),
    };

    private sealed class Clock : IStageClock
    {
        public DateTimeOffset Now { get; set; }

        public DateTimeOffset? DueFor(Handoff handoff) => handoff.Stage is Stage.Onboarding or Stage.Outcome ? null : Now.AddDays(2);
    }
}
