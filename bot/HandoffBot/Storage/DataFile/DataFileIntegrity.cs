using System.Diagnostics;
using LiteDB;

namespace HandoffBot.Storage.DataFile;

public sealed record CollectionCount(string Collection, long Documents);

/// <summary>What an integrity pass found: every collection with its document count, and how long it took.</summary>
public sealed record IntegrityReport(IReadOnlyList<CollectionCount> Collections, TimeSpan Took)
{
    public long CountOf(string collection) => Collections.FirstOrDefault(c => c.Collection == collection)?.Documents ?? 0;

    /// <summary>"6 handoffs, 203 jobs, …" for messages (plain numbers, so scripts can read them).</summary>
    public string Summary() => Collections.Count == 0
        ? "empty"
        : string.Join(", ", Collections.Select(c => $"{c.Documents.ToString(System.Globalization.CultureInfo.InvariantCulture)} {c.Collection}"));
}

/// <summary>
/// Reads a whole LiteDB file the way the bot will: every document of every collection through its
/// primary key (all data pages), then every index on its own, keys only (all index pages). A second
/// writer's damage shows up here at start-up — as a LiteDB error or an index whose entry count
/// differs from its collection's — instead of as a 500 in the middle of a request.
/// LiteDB 5 has no integrity command of its own; Rebuild reads data pages but not indexes.
/// </summary>
public static class DataFileIntegrity
{
    private const string NoSuchField = "__integrity_pass_reads_past_every_field";

    private const int Page = 2000;

    /// <summary>Throws <see cref="DataFileDamagedException"/> naming the collection or index that does not read.</summary>
    public static IntegrityReport Check(LiteDatabase db, string dataPath)
    {
        ArgumentNullException.ThrowIfNull(db);
        var clock = Stopwatch.StartNew();
        var counts = new List<CollectionCount>();
        var where = "the list of collections";
        try
        {
            var indexes = db.GetCollection("$indexes").FindAll()
                .Select(d => (Collection: d["collection"].AsString, Name: d["name"].AsString, Expression: d["expression"].AsString))
                .ToList();
            foreach (var name in db.GetCollectionNames().Order(StringComparer.Ordinal))
            {
                where = $"collection \"{name}\"";
                var collection = db.GetCollection(name);
                var documents = CountDocuments(collection);

                foreach (var index in indexes.Where(i => i.Collection == name))
                {
                    where = $"index \"{index.Name}\" of collection \"{name}\"";
                    var keys = collection.Query().Select(BsonExpression.Create(index.Expression)).ToEnumerable().LongCount();

                    // A single-valued index has one entry per document (null when the field is missing).
                    if (!index.Expression.Contains('[', StringComparison.Ordinal) && keys != documents)
                    {
                        throw new DataFileDamagedException(dataPath, $"{where} has {keys} entries for {documents} documents");
                    }
                }

                counts.Add(new CollectionCount(name, documents));
            }
        }
        catch (DataFileDamagedException)
        {
            throw;
        }
#pragma warning disable CA1031 // a damaged page surfaces as many exception types (LiteException, InvalidCast, IndexOutOfRange, EndOfStream…)
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new DataFileDamagedException(dataPath, $"{where} does not read ({ex.Message})", ex);
        }

        return new IntegrityReport(counts, clock.Elapsed);
    }

    /// <summary>
    /// Every document read through to its last data block, in pages of <see cref="Page"/> by primary
    /// key: one LiteDB query keeps every page it read until it ends (up to 800 MB), so one query over
    /// a big file would hold the file in memory. Asking for a field no document has makes LiteDB skip
    /// over the values instead of building them (a deal's JSON is megabytes).
    /// </summary>
    private static long CountDocuments(ILiteCollection<BsonDocument> collection)
    {
        var probe = BsonExpression.Create($"{{ _id: $._id, p: $.{NoSuchField} }}");
        long documents = 0;
        var last = BsonValue.MinValue;
        while (true)
        {
            var page = collection.Query().Where(BsonExpression.Create("_id > @0", last)).OrderBy("_id").Select(probe).Limit(Page).ToList();
            documents += page.Count;
            if (page.Count < Page)
            {
                return documents;
            }

            last = page[^1]["_id"];
        }
    }

    /// <summary>
    /// Opens another LiteDB file read-only (a backup) and checks it whole; throws
    /// <see cref="DataFileDamagedException"/> when it does not open or read.
    /// </summary>
    public static IntegrityReport CheckCopy(string path)
    {
        LiteDatabase db;
        try
        {
            db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true });
        }
#pragma warning disable CA1031 // see Check
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new DataFileDamagedException(path, $"it does not open as a LiteDB file ({ex.Message})", ex);
        }

        using (db)
        {
            return Check(db, path);
        }
    }
}
