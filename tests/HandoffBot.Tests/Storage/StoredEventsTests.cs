using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// Audit trails written before events were typed (the data file main wrote at cbc98ff, and what the
/// lifecycle writes today) read back as typed events, and writing those events again gives exactly
/// the stored name and data: the admin API and stored files did not change.
/// </summary>
public sealed class StoredEventsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-events").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task FileWrittenByMain_EveryAuditEntryIsAKnownEvent_WrittenBackIdentically()
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "main-cbc98ff");
        var dbPath = Path.Combine(folder, "handoffbot.db");
        File.Copy(Path.Combine(fixture, "handoffbot.db"), dbPath);
        using var app = new HandoffBotApp(dbPath, new FakeTimeProvider(new DateTimeOffset(2026, 12, 14, 17, 0, 0, TimeSpan.Zero)));

        var entries = new List<AuditEntry>();
        await foreach (var handoff in app.Get<IHandoffScan>().ScanAsync())
        {
            entries.AddRange(handoff.Audit);
        }

        Assert.True(entries.Count > 50, $"only {entries.Count} audit entries in the fixture");
        AssertTypedAndStable(entries);
        var kinds = entries.Select(e => e.Change.GetType()).ToHashSet();
        Assert.Contains(typeof(StageEntered), kinds);
        Assert.Contains(typeof(QuestionAsked), kinds);
        Assert.Contains(typeof(CsRejected), kinds);
        Assert.Contains(typeof(PollAnswered), kinds);
    }

    [Fact]
    public async Task WholeLifecycleWrittenToday_EveryAuditEntryIsAKnownEvent_WrittenBackIdentically()
    {
        using var world = new TimingWorld();
        var id = await world.PostDealAsync(Deals.Complete());
        await world.RunForAsync(TimeSpan.FromDays(40)); // reminders, escalations and the breach of the AE's clock
        var handoff = await world.HandoffAsync(id);

        AssertTypedAndStable(handoff.Audit);
        var breach = Assert.Single(handoff.Audit, a => a.Change is SlaBreached).Change as SlaBreached;
        Assert.Equal(Stage.ContextCapture, breach!.Stage);
        Assert.Contains(handoff.Audit, a => a.Change is SlaEscalated { Reason: "overdue" });

        // The breach the audit records is the one the metrics derive from the clocks.
        var facts = HandoffFacts.From(handoff, world.App.Get<HandoffBot.Core.Application.IPlaybookProvider>().Current.Calendar);
        Assert.Equal((breach.Stage, breach.Owner, breach.Due), facts.BreachesAsOf(world.Time.GetUtcNow()).Select(b => (b.Stage, b.Owner, b.DueAt)).Single());
    }

    private static void AssertTypedAndStable(IEnumerable<AuditEntry> entries)
    {
        foreach (var entry in entries)
        {
            Assert.False(entry.Change is UnknownEvent, $"'{entry.Event}' did not read as a typed event");
            Assert.Equal(entry.Event, entry.Change.Name);
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(entry.Data),
                System.Text.Json.JsonSerializer.Serialize(entry.Change.ToData()));
        }
    }
}
