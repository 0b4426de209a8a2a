using HandoffBot.Core.Storage;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>Readiness and the start-up line for the LiteDB file.</summary>
public sealed class LiteDbStorageHealth(LiteDbContext db) : IStorageHealth
{
    public string Description =>
        $"LiteDB file {db.FilePath} ({db.OpenedWith.Summary()}), held by this process alone while it runs (lock {db.FileLock.LockPath})";

    public Task<bool> IsReachableAsync(CancellationToken ct = default) => Task.FromResult(db.IsReachable());
}

/// <summary>Collection <c>settings</c>: <c>{_id: key, value}</c>.</summary>
public sealed class LiteDbSettingsStore(LiteDbContext db) : ISettingsStore
{
    public Task<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        return Task.FromResult(db.Write(() =>
        {
            var settings = db.Collection("settings");
            var doc = settings.FindById(key);
            if (doc is null)
            {
                doc = new BsonDocument { ["_id"] = key, ["value"] = create() };
                settings.Insert(doc);
            }

            return doc["value"].AsString;
        }));
    }
}

/// <summary>Collection <c>charts</c>: <c>{_id, png, csv, created (Unix ms)}</c>.</summary>
public sealed class LiteDbChartStore(LiteDbContext db) : IChartStore
{
    private ILiteCollection<BsonDocument> Charts => db.Collection("charts");

    public Task SaveAsync(string id, byte[] png, string csv, DateTimeOffset created, DateTimeOffset purgeBefore, CancellationToken ct = default)
    {
        db.Write(() =>
        {
            Charts.DeleteMany(Query.LT("created", purgeBefore.ToUnixTimeMilliseconds()));
            return Charts.Insert(new BsonDocument { ["_id"] = id, ["png"] = png, ["csv"] = csv, ["created"] = created.ToUnixTimeMilliseconds() });
        });
        return Task.CompletedTask;
    }

    public Task<byte[]?> FindPngAsync(string id, CancellationToken ct = default) => Task.FromResult(Charts.FindById(id)?["png"].AsBinary);

    public Task<string?> FindCsvAsync(string id, CancellationToken ct = default) =>
        Task.FromResult(Charts.FindById(id)?["csv"] is { IsString: true } csv ? csv.AsString : null);
}
