using HandoffBot.Core.Metrics;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// Metrics and digests from collection <c>facts</c>: one small document per handoff (<see cref="HandoffFacts"/>
/// as JSON and the calendar it was projected in), written with the handoff. Reading them is what a request
/// costs, not reading every handoff; handoffs without fresh facts (a file from before the projection, a
/// changed calendar) are projected first, once.
/// </summary>
public sealed class LiteDbMetricsSource(LiteDbContext db, FactsProjection projection) : IMetricsSource, IFactsLoader
{
    public const string Collection = "facts";

    private const int Batch = 500;

    public Task<MetricsReport> MetricsAsync(DateOnly? closedFrom, DateOnly? closedTo, DateTimeOffset asOf, CancellationToken ct = default)
    {
        var scoped = Load().Where(f => (closedFrom is null || f.CloseDate >= closedFrom) && (closedTo is null || f.CloseDate <= closedTo)).ToList();
        return Task.FromResult(HandoffMetrics.Compute(scoped, asOf));
    }

    public Task<(DigestReport Report, ChartData Chart)> DigestAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset asOf, CancellationToken ct = default) =>
        Task.FromResult(DigestBuilder.Build(Load(), from, to, zone, asOf));

    public Task LoadAsync(IReadOnlyList<HandoffFacts> facts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var key = projection.CalendarKey;
        foreach (var chunk in facts.Chunk(5_000))
        {
            db.Write(() =>
            {
                foreach (var f in chunk)
                {
                    Upsert(db, f, key);
                }

                return 0;
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>Stores a handoff's facts inside the caller's transaction.</summary>
    internal static void Upsert(LiteDbContext db, HandoffFacts facts, string calendar) =>
        db.Collection(Collection).Upsert(new BsonDocument
        {
            ["_id"] = facts.Id,
            ["calendar"] = calendar,
            ["json"] = System.Text.Json.JsonSerializer.Serialize(facts, StoreJson.Options),
        });

    /// <summary>Every handoff's facts, projecting first the handoffs that have none in the calendar in force.</summary>
    public List<HandoffFacts> Load()
    {
        Refresh();
        var facts = new List<HandoffFacts>(db.Collection(Collection).Count());
        foreach (var doc in db.Collection(Collection).Query().Select(BsonExpression.Create("json")).ToEnumerable())
        {
            facts.Add(System.Text.Json.JsonSerializer.Deserialize<HandoffFacts>(doc["json"].AsString, StoreJson.Options)!);
        }

        return facts;
    }

    private void Refresh()
    {
        var key = projection.CalendarKey;
        var facts = db.Collection(Collection);
        // Facts loaded without handoffs (benchmarks) can outnumber them; facts never lack their handoff otherwise.
        if (facts.Count(Query.EQ("calendar", key)) >= db.Handoffs.Count())
        {
            return;
        }

        var fresh = facts.Query().Where(Query.EQ("calendar", key)).Select(BsonExpression.Create("_id")).ToEnumerable()
            .Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
        var stale = db.Handoffs.Query().Select(BsonExpression.Create("_id")).ToEnumerable()
            .Select(d => d["_id"].AsString).Where(id => !fresh.Contains(id)).ToList();
        foreach (var chunk in stale.Chunk(Batch))
        {
            db.Write(() =>
            {
                foreach (var id in chunk)
                {
                    if (db.Handoffs.FindById(id) is { } doc)
                    {
                        Upsert(db, projection.Project(HandoffDocuments.Read(id, doc["json"].AsString, doc["version"].AsInt32)), key);
                    }
                }

                return 0;
            });
        }
    }
}
