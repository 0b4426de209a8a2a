using HandoffBot.Core.Storage;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// <see cref="IActivityLedger"/> in the bot's LiteDB file (collection <c>teams_activities</c>): one small
/// document per handled activity (the key is lowercase hex, so no collation can merge two), indexed by
/// time for trimming. One process owns the file, so nothing else writes it while this process runs.
/// </summary>
public sealed class LiteDbActivityLedger : IActivityLedger
{
    private readonly LiteDbContext db;

    public LiteDbActivityLedger(LiteDbContext db)
    {
        this.db = db;
        Collection.EnsureIndex("at");
    }

    public bool Shared => false;

    private ILiteCollection<BsonDocument> Collection => db.Collection("teams_activities");

    public ActivityRecord? Find(string key) => Collection.FindById(key) is { } d
        ? new ActivityRecord(d["_id"].AsString, new DateTimeOffset(d["at"].AsInt64, TimeSpan.Zero), d["response"].IsNull ? null : d["response"].AsString)
        : null;

    /// <summary>Only this process writes the file: what it handles in flight is in its memory.</summary>
    public bool TryClaim(string key, DateTimeOffset at, DateTimeOffset staleBefore, DateTimeOffset windowStart) => true;

    public void Release(string key)
    {
    }

    public void Save(IReadOnlyCollection<ActivityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var docs = records.Select(r => new BsonDocument
        {
            ["_id"] = r.Key,
            ["at"] = r.At.UtcTicks,
            ["response"] = r.Response is null ? BsonValue.Null : new BsonValue(r.Response),
        }).ToList();
        db.Write(() => Collection.Upsert(docs));
    }

    public DateTimeOffset? Latest() => Collection.Find(Query.All("at", Query.Descending), limit: 1).FirstOrDefault() is { } d
        ? new DateTimeOffset(d["at"].AsInt64, TimeSpan.Zero)
        : null;

    public int Trim(DateTimeOffset before, int keep, int limit)
    {
        // Ids first (a read), then one short write; the oldest first either way.
        var expired = Collection.Find(BsonExpression.Create("at < @0", before.UtcTicks), limit: limit).Select(d => d["_id"]).ToList();
        var excess = Math.Min(limit - expired.Count, Collection.Count() - expired.Count - keep);
        var oldest = excess <= 0
            ? []
            : Collection.Find(Query.All("at", Query.Ascending), limit: excess + expired.Count).Select(d => d["_id"]).Except(expired).Take(excess).ToList();
        return db.Write(() => expired.Concat(oldest).Count(id => Collection.Delete(id)));
    }

    public int Count() => Collection.Count();
}
