using HandoffBot.Options;
using LiteDB;
using Microsoft.Extensions.Options;

namespace HandoffBot.Storage;

/// <summary>
/// The one LiteDB file of this process. LiteDB transactions belong to a thread, so every
/// read-check-write runs synchronously inside <see cref="Write{T}"/>; reads need no lock.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    private readonly Lock gate = new();

    public LiteDbContext(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = System.IO.Path.GetFullPath(options.Value.Path);
        var folder = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        Database = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct });
        Handoffs.EnsureIndex("crmId", unique: true);
        Handoffs.EnsureIndex("stage");
        Handoffs.EnsureIndex("owner");
        Jobs.EnsureIndex("key", unique: true);
        Jobs.EnsureIndex("status");
        Jobs.EnsureIndex("due");
        Jobs.EnsureIndex("handoffId");
        Jobs.EnsureIndex("group");
        People.EnsureIndex("slackId");
        People.EnsureIndex("teamsId");
    }

    public string FilePath { get; }

    public LiteDatabase Database { get; }

    public ILiteCollection<BsonDocument> Handoffs => Database.GetCollection("handoffs");

    public ILiteCollection<BsonDocument> Jobs => Database.GetCollection("jobs");

    public ILiteCollection<BsonDocument> People => Database.GetCollection("people");

    public ILiteCollection<BsonDocument> Collection(string name) => Database.GetCollection(name);

    /// <summary>Runs <paramref name="work"/> in one transaction, serialised with every other writer.</summary>
    public T Write<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            Database.BeginTrans();
            try
            {
                var result = work();
                Database.Commit();
                return result;
            }
            catch
            {
                Database.Rollback();
                throw;
            }
        }
    }

    public bool IsReachable()
    {
        try
        {
            _ = Database.GetCollectionNames().ToList();
            return true;
        }
        catch (LiteException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => Database.Dispose();
}
