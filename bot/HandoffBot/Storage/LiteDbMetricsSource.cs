using HandoffBot.Core.Metrics;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// Metrics and digests from collection <c>facts</c>: one small document per handoff (<see cref="HandoffFacts"/>
/// in <see cref="FactsCodec"/>'s format and the calendar it was projected in), written with the handoff. They are read from the file once
/// and then held in memory (<see cref="FactsCache"/>), kept current by the writes themselves; handoffs without
/// fresh facts (a file from before the projection, a changed calendar) are projected first, once.
/// </summary>
public sealed class LiteDbMetricsSource(LiteDbContext db, FactsProjection projection) : IMetricsSource, IFactsLoader, IDisposable
{
    public const string Collection = "facts";

    private const int Batch = 500;

    private readonly SemaphoreSlim filling = new(1, 1);

    public async Task<MetricsReport> MetricsAsync(DateOnly? closedFrom, DateOnly? closedTo, DateTimeOffset asOf, CancellationToken ct = default)
    {
        var facts = await FactsAsync(ct);
        IReadOnlyList<HandoffFacts> scoped = closedFrom is null && closedTo is null
            ? facts
            : [.. facts.Where(f => (closedFrom is null || f.CloseDate >= closedFrom) && (closedTo is null || f.CloseDate <= closedTo))];
        return HandoffMetrics.Compute(scoped, asOf);
    }

    public async Task<(DigestReport Report, ChartData Chart)> DigestAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset asOf, CancellationToken ct = default) =>
        DigestBuilder.Build(await FactsAsync(ct), from, to, zone, asOf);

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

    /// <summary>Stores a handoff's facts inside the caller's transaction; the facts in memory follow once it commits.</summary>
    internal static void Upsert(LiteDbContext db, HandoffFacts facts, string calendar)
    {
        db.Collection(Collection).Upsert(new BsonDocument
        {
            ["_id"] = facts.Id,
            ["calendar"] = calendar,
            ["bin"] = FactsCodec.Encode(facts),
        });
        db.AfterCommit(() => db.Facts.Put(facts, calendar));
    }

    /// <summary>Every handoff's facts in the calendar in force: from memory, or read from the file (projecting first the handoffs that need it).</summary>
    public async Task<IReadOnlyList<HandoffFacts>> FactsAsync(CancellationToken ct = default)
    {
        var key = projection.CalendarKey;
        if (db.Facts.TryGet(key) is { } held)
        {
            return held;
        }

        await filling.WaitAsync(ct);
        try
        {
            if (db.Facts.TryGet(key) is { } filled)
            {
                return filled;
            }

            db.Facts.BeginFill();
            try
            {
                var read = Read(key);
                db.Facts.Fill(read, key);
                return db.Facts.TryGet(key) ?? read; // a write in another calendar came meanwhile: the next read fills again
            }
            catch
            {
                db.Facts.Clear();
                throw;
            }
        }
        finally
        {
            filling.Release();
        }
    }

    public void Dispose() => filling.Dispose();

    /// <summary>
    /// Every stored facts document, in one pass (counting with a filter would read them all once more), then
    /// the handoffs whose facts are missing or in another calendar projected again: their writes reach the
    /// cache after the documents read here (<see cref="FactsCache.Fill"/>).
    /// </summary>
    private List<HandoffFacts> Read(string key)
    {
        var facts = new List<HandoffFacts>();
        var stale = new HashSet<string>(StringComparer.Ordinal);
        var older = new List<HandoffFacts>();
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string text)
        {
            if (strings.TryGetValue(text, out var held))
            {
                return held;
            }

            return strings.Count < 100_000 ? strings[text] = text : text;
        }

        foreach (var doc in db.Collection(Collection).Query().ToEnumerable())
        {
            HandoffFacts read;
            if (doc.TryGetValue("bin", out var bin) && bin.IsBinary)
            {
                read = FactsCodec.Decode(bin.AsBinary, Shared);
            }
            else
            {
                // Written before the binary format: read as JSON, and written again below in the new one.
                read = Compact(System.Text.Json.JsonSerializer.Deserialize<HandoffFacts>(doc["json"].AsString, StoreJson.Options)!, Shared);
                older.Add(read);
            }

            facts.Add(read);
            if (doc["calendar"].AsString != key)
            {
                stale.Add(read.Id);
            }
        }

        Rewrite(older);
        // Facts loaded without handoffs (benchmarks) can outnumber them; facts never lack their handoff otherwise.
        if (facts.Count - stale.Count < db.Handoffs.Count())
        {
            var present = facts.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            Project([.. db.Handoffs.Query().Select(BsonExpression.Create("_id")).ToEnumerable()
                .Select(d => d["_id"].AsString).Where(id => !present.Contains(id) || stale.Contains(id))], key);
        }

        return facts;
    }

    /// <summary>
    /// The same facts held in less memory: the few distinct people and segments shared (a hundred thousand copies
    /// of forty AE addresses otherwise), lists as exact arrays, empty ones shared.
    /// </summary>
    private static HandoffFacts Compact(HandoffFacts f, Func<string, string> shared) =>
        f with
        {
            Ae = shared(f.Ae),
            Segment = shared(f.Segment),
            Breaches = f.Breaches.Count == 0 ? [] : [.. f.Breaches.Select(b => b with { Owner = shared(b.Owner) })],
            OpenClock = f.OpenClock is { } open ? open with { Owner = shared(open.Owner) } : null,
            Polls = f.Polls.Count == 0 ? [] : [.. f.Polls.Select(p => p with { By = shared(p.By) })],
            Rejections = f.Rejections.Count == 0 ? [] : [.. f.Rejections.Select(r => r with { By = shared(r.By) })],
        };

    /// <summary>Facts documents of the JSON format moved to the binary one (a file's first fill after the upgrade), keeping their calendar.</summary>
    private void Rewrite(List<HandoffFacts> older)
    {
        var facts = db.Collection(Collection);
        foreach (var chunk in older.Chunk(5_000))
        {
            db.Write(() =>
            {
                foreach (var f in chunk)
                {
                    if (facts.FindById(f.Id) is { } doc && !doc.ContainsKey("bin"))
                    {
                        facts.Update(new BsonDocument { ["_id"] = f.Id, ["calendar"] = doc["calendar"], ["bin"] = FactsCodec.Encode(f) });
                    }
                }

                return 0;
            });
        }
    }

    private void Project(List<string> ids, string key)
    {
        foreach (var chunk in ids.Chunk(Batch))
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
