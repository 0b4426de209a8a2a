using HandoffBot.Options;
using HandoffBot.Storage.DataFile;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HandoffBot.Storage;

/// <summary>
/// The one LiteDB file of this process. Opening it takes the file's exclusive lock first (a second
/// process is refused, see <see cref="DataFileLock"/>), then reads it whole and moves an older file
/// to case-sensitive identifiers (<see cref="DataFileOpener"/>); both refusals are
/// <see cref="StorageUnavailableException"/>s with a message for the operator. LiteDB transactions
/// belong to a thread, so every read-check-write runs synchronously inside <see cref="Write{T}"/>;
/// reads need no lock. Every write goes through <see cref="Write{T}"/>, which is what lets
/// <see cref="Exclusive{T}"/> (a backup) see the file still.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    private readonly Lock gate = new();

    public LiteDbContext(IOptions<StorageOptions> options, ILogger<LiteDbContext>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        FilePath = System.IO.Path.GetFullPath(options.Value.Path);
        FileLock = DataFileLock.Acquire(FilePath, time ?? TimeProvider.System);
        try
        {
            (Database, OpenedWith) = DataFileOpener.Open(FilePath, (ILogger?)logger ?? NullLogger.Instance);
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
        catch
        {
            Database?.Dispose();
            FileLock.Dispose();
            throw;
        }
    }

    public string FilePath { get; }

    /// <summary>The lock this process holds on <see cref="FilePath"/> for its lifetime.</summary>
    public DataFileLock FileLock { get; }

    /// <summary>What the integrity pass at opening found (collections, counts, time).</summary>
    public IntegrityReport OpenedWith { get; }

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

    /// <summary>Runs <paramref name="work"/> while no writer can start (no transaction of its own): the file holds still.</summary>
    public T Exclusive<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            return work();
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

    /// <summary>Closes LiteDB (which checkpoints its log into the file), then lets the file go.</summary>
    public void Dispose()
    {
        try
        {
            Database.Dispose();
        }
        finally
        {
            FileLock.Dispose();
        }
    }
}
