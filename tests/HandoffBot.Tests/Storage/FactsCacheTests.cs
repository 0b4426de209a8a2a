using HandoffBot.Core.Metrics;
using HandoffBot.Storage;

namespace HandoffBot.Tests.Storage;

/// <summary>The in-memory facts' ordering rules, driven step by step: writes committed while the file is read, and another calendar.</summary>
public sealed class FactsCacheTests
{
    private static readonly List<HandoffFacts> Stored = Contract.MetricsContract.Portfolio(3);

    [Fact]
    public void Fill_WritesCommittedWhileReading_AreAppliedAfterWhatWasRead()
    {
        var cache = new FactsCache();
        cache.BeginFill();
        Assert.Null(cache.TryGet("cal")); // readers wait for the fill rather than see half of it
        cache.Put(Stored[1] with { Ae = "changed@example.com" }, "cal");
        cache.Put(Stored[0] with { Id = "HO-NEW" }, "cal");

        cache.Fill([.. Stored], "cal"); // what was read from the file: the older Stored[1]

        var held = cache.TryGet("cal")!;
        Assert.Equal([Stored[0].Id, Stored[1].Id, Stored[2].Id, "HO-NEW"], held.Select(f => f.Id));
        Assert.Equal("changed@example.com", held[1].Ae);
    }

    [Fact]
    public void Put_InAnotherCalendar_DropsTheFacts_AndReadersSeeASnapshot()
    {
        var cache = new FactsCache();
        cache.BeginFill();
        cache.Fill([.. Stored], "cal");
        var before = cache.TryGet("cal")!;

        cache.Put(Stored[0] with { Ae = "later@example.com" }, "cal");
        Assert.Equal(Stored[0].Ae, before[0].Ae); // a list handed out never changes under its reader
        Assert.Equal("later@example.com", cache.TryGet("cal")![0].Ae);
        Assert.Null(cache.TryGet("other"));

        cache.Put(Stored[0], "other");
        Assert.Null(cache.TryGet("cal"));
        cache.Put(Stored[0], "cal"); // nothing held: ignored until the next fill
        Assert.Null(cache.TryGet("cal"));
    }
}
