using System.Collections;
using System.Reflection;
using LiteDB;
using LiteDB.Engine;

namespace HandoffBot.Storage.DataFile;

/// <summary>An index to create in the rebuilt file (the primary key is always there).</summary>
public sealed record IndexDefinition(string Name, string Expression, bool Unique);

/// <summary>Where a rebuild reads from: a healthy file through LiteDB, or a damaged one page by page.</summary>
public interface IRebuildSource : IDisposable
{
    IReadOnlyList<(string Collection, IReadOnlyList<IndexDefinition> Indexes)> Collections();

    IEnumerable<BsonDocument> Documents(string collection);

    /// <summary>What could not be read ("page 12 (Index, Data): …"); empty for a healthy source.</summary>
    IReadOnlyList<string> Errors { get; }
}

/// <summary>
/// Writes every document a source gives into a new file with the ordinal collation, which then
/// takes the data file's place, the original kept beside it. The indexes are created first, while
/// the collections are empty, and documents go in by 500 per transaction.
/// LiteDB has this built in (Rebuild), but from 5.0.19 to 5.0.21 it fails on any collection with an
/// index and more than 2,550 documents ("Detected loop in FindAll", litedb-org/LiteDB#2827: its
/// loop guard is sized from the new, still empty file); every HandoffBot file with a few dozen
/// deals has more jobs than that.
/// </summary>
public static class DataFileRebuild
{
    private const int Batch = 500;

    /// <summary>Writes what <paramref name="source"/> gives into the new file <paramref name="destination"/>; returns documents not kept (duplicates of a damaged source).</summary>
    public static IReadOnlyList<string> Write(IRebuildSource source, string destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        var problems = new List<string>();
        try
        {
            using var target = new LiteDatabase(new LiteDB.ConnectionString { Filename = destination, Connection = ConnectionType.Direct, Collation = DataFileOpener.Ordinal });
            foreach (var (name, indexes) in source.Collections())
            {
                var collection = target.GetCollection(name);
                foreach (var index in indexes)
                {
                    collection.EnsureIndex(index.Name, BsonExpression.Create(index.Expression), index.Unique);
                }

                foreach (var batch in source.Documents(name).Chunk(Batch))
                {
                    try
                    {
                        target.BeginTrans();
                        collection.Insert(batch);
                        target.Commit();
                    }
                    catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                    {
                        // Only a damaged source has two documents for one unique key. LiteDB rolled
                        // the batch back: it goes in again one by one, the first of each key stays.
                        foreach (var doc in batch)
                        {
                            try
                            {
                                collection.Insert(doc);
                            }
                            catch (LiteException duplicate) when (duplicate.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
                            {
                                problems.Add($"{name} {doc["_id"]}: not kept, {duplicate.Message}");
                            }
                        }
                    }
                }
            }

            target.Checkpoint();
        }
        catch
        {
            Delete(destination);
            throw;
        }

        return problems;
    }

    /// <summary>Puts <paramref name="rebuilt"/> in the data file's place; the data file and LiteDB's log beside it go to <paramref name="aside"/>.</summary>
    public static void Replace(string path, string rebuilt, string aside)
    {
        File.Move(path, aside);
        var log = DataFileRepair.LogFile(path);
        if (File.Exists(log))
        {
            File.Move(log, aside + "-log");
        }

        File.Move(rebuilt, path);
    }

    public static void Delete(string file)
    {
        File.Delete(file);
        File.Delete(DataFileRepair.LogFile(file));
    }
}

/// <summary>A healthy, open LiteDB file: collections, their indexes and their documents in primary-key pages.</summary>
public sealed class EngineRebuildSource(LiteDatabase db) : IRebuildSource
{
    private const int Page = 500;

    public IReadOnlyList<string> Errors => [];

    public IReadOnlyList<(string Collection, IReadOnlyList<IndexDefinition> Indexes)> Collections()
    {
        var indexes = db.GetCollection("$indexes").FindAll()
            .Where(d => d["name"].AsString != "_id")
            .Select(d => (Collection: d["collection"].AsString, Index: new IndexDefinition(d["name"].AsString, d["expression"].AsString, d["unique"].AsBoolean)))
            .ToList();
        return [.. db.GetCollectionNames().Order(StringComparer.Ordinal)
            .Select(name => (name, (IReadOnlyList<IndexDefinition>)[.. indexes.Where(i => i.Collection == name).Select(i => i.Index)]))];
    }

    public IEnumerable<BsonDocument> Documents(string collection)
    {
        var last = BsonValue.MinValue;
        while (true)
        {
            var page = db.GetCollection(collection).Query().Where(BsonExpression.Create("_id > @0", last)).OrderBy("_id").Limit(Page).ToList();
            foreach (var doc in page)
            {
                yield return doc;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            last = page[^1]["_id"];
        }
    }

    public void Dispose()
    {
        // the caller owns the database
    }
}

/// <summary>
/// A damaged file read page by page with LiteDB's own reader (the one its Rebuild uses), which
/// reads documents from the data pages without going through the indexes and notes every page it
/// cannot read instead of stopping. It is internal to LiteDB, so it is reached by reflection on
/// the pinned version (5.0.21); <see cref="TryOpen"/> says when it is not there.
/// </summary>
public sealed class PageRebuildSource : IRebuildSource
{
    private readonly object reader;
    private readonly IList errors;
    private readonly MethodInfo getDocuments;
    private readonly MethodInfo getIndexes;
    private readonly MethodInfo getCollections;

    private PageRebuildSource(object reader, IList errors, Type type)
    {
        this.reader = reader;
        this.errors = errors;
        getDocuments = type.GetMethod("GetDocuments")!;
        getIndexes = type.GetMethod("GetIndexes")!;
        getCollections = type.GetMethod("GetCollections")!;
    }

    public IReadOnlyList<string> Errors => [.. errors.Cast<object>().Select(Describe)];

    /// <summary>The reader on <paramref name="path"/>, or null when this LiteDB does not have it (then use LiteDB's Rebuild).</summary>
    public static PageRebuildSource? TryOpen(string path)
    {
        var assembly = typeof(LiteEngine).Assembly;
        var type = assembly.GetType("LiteDB.Engine.FileReaderV8");
        var errorType = assembly.GetType("LiteDB.Engine.FileReaderError");
        if (type is null || errorType is null || type.GetMethod("Open") is not { } open
            || type.GetMethod("GetDocuments") is null || type.GetMethod("GetIndexes") is null || type.GetMethod("GetCollections") is null)
        {
            return null;
        }

        var errors = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(errorType))!;
        var settings = new EngineSettings { Filename = path };
        object? reader;
        try
        {
            reader = Activator.CreateInstance(type, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, [settings, errors], null);
        }
        catch (MissingMethodException)
        {
            return null;
        }

        if (reader is null)
        {
            return null;
        }

        try
        {
            open.Invoke(reader, null);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ((IDisposable)reader).Dispose();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
        }

        return new PageRebuildSource(reader, errors, type);
    }

    public IReadOnlyList<(string Collection, IReadOnlyList<IndexDefinition> Indexes)> Collections()
    {
        var names = ((IEnumerable<string>)getCollections.Invoke(reader, null)!).Order(StringComparer.Ordinal).ToList();
        return [.. names.Select(name => (name, (IReadOnlyList<IndexDefinition>)[.. ((IEnumerable)getIndexes.Invoke(reader, [name])!).Cast<object>().Select(i => new IndexDefinition(
            (string)Property(i, "Name")!, (string)Property(i, "Expression")!, (bool)Property(i, "Unique")!))]))];
    }

    public IEnumerable<BsonDocument> Documents(string collection) => (IEnumerable<BsonDocument>)getDocuments.Invoke(reader, [collection])!;

    public void Dispose() => ((IDisposable)reader).Dispose();

    private static object? Property(object target, string name) => target.GetType().GetProperty(name)?.GetValue(target);

    private static string Describe(object error) =>
        $"page {Property(error, "PageID") ?? "?"} ({Property(error, "PageType")}, {Property(error, "Origin")}"
        + (Property(error, "Collection") is string c ? $", collection {c}" : "") + $"): {Property(error, "Message")}";
}
