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
/// reads need no lock.
/// </summary>
public sealed class LiteDbContext : IDisposable
{
    private readonly Lock gate = new();

    /// <summary>Held while the data file is copied: closing (which checkpoints into the file) waits for it.</summary>
    private readonly SemaphoreSlim copying = new(1, 1);

    /// <summary>What the transaction in <see cref="Write{T}"/> asked to do once it is committed (only its thread, under the gate).</summary>
    private readonly List<Action> afterCommit = [];

    private int disposed;

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
            Collection(LiteDbMetricsSource.Collection).EnsureIndex("calendar");
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

    /// <summary>The handoffs' facts held in memory for metrics, kept by the writes that change them (see <see cref="LiteDbMetricsSource"/>).</summary>
    internal FactsCache Facts { get; } = new();

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction of the <see cref="Write{T}"/> under way commits, before the
    /// next writer starts; never when it rolls back. Keeps in-memory views of the file in commit order.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!gate.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException("AfterCommit belongs inside Write.");
        }

        afterCommit.Add(action);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, serialised with every other writer.</summary>
    public T Write<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (gate)
        {
            Database.BeginTrans();
            T result;
            try
            {
                result = work();
                Database.Commit();
            }
            catch
            {
                afterCommit.Clear();
                Database.Rollback();
                throw;
            }

            var committed = afterCommit.ToArray();
            afterCommit.Clear();
            foreach (var action in committed)
            {
                action();
            }

            return result;
        }
    }

    /// <summary>
    /// Copies the data file as it is at one instant, while writers go on. Writers are held back only
    /// while LiteDB's log is merged into the file (checkpoint) and its automatic checkpoints are
    /// switched off; from then on LiteDB writes only to its log (it writes the data file in
    /// checkpoints only), so the file holds still while it is copied. Returns what it held.
    /// </summary>
    public IReadOnlyList<CollectionCount> CopyFileTo(string destination)
    {
        copying.Wait();
        try
        {
            BsonValue automatic = DataFileOpener.AutomaticCheckpointPages;
            var counts = Exclusive(() =>
            {
                Database.Checkpoint();
                automatic = Database.Pragma("CHECKPOINT");
                Database.Pragma("CHECKPOINT", 0);
                return Database.GetCollectionNames().Order(StringComparer.Ordinal)
                    .Select(name => new CollectionCount(name, Collection(name).LongCount()))
                    .ToList();
            });
            try
            {
                File.Copy(FilePath, destination, overwrite: true);
            }
            finally
            {
                Exclusive(() => Database.Pragma("CHECKPOINT", automatic));
            }

            return counts;
        }
        finally
        {
            copying.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> while no writer can start (no transaction of its own).</summary>
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
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        copying.Wait();
        try
        {
            Database.Dispose();
        }
        finally
        {
            FileLock.Dispose();
            copying.Dispose();
        }
    }
}
