using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// The people directory in LiteDB, read through an in-memory snapshot (a directory is hundreds of
/// people and is read on every command; it changes rarely). Writes replace the snapshot.
/// </summary>
public sealed class LiteDbPeopleDirectory : IPeopleDirectory
{
    private readonly LiteDbContext db;
    private volatile PeopleSnapshot snapshot;

    public LiteDbPeopleDirectory(LiteDbContext db)
    {
        this.db = db;
        snapshot = Load();
    }

    public Task<Person?> FindAsync(string email, CancellationToken ct = default) => Task.FromResult(snapshot.Find(email));

    public Task<Person?> FindByPlatformIdAsync(ChatPlatform platform, string userId, CancellationToken ct = default) =>
        Task.FromResult(snapshot.FindByPlatformId(platform, userId));

    public Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct = default) => Task.FromResult(snapshot.All);

    public Task UpsertAsync(Person person, CancellationToken ct = default)
    {
        var normalized = PeopleSnapshot.Normalize(person);
        db.Write(() => db.People.Upsert(new BsonDocument
        {
            ["_id"] = normalized.Email,
            ["slackId"] = normalized.Slack?.UserId is { } s ? s : BsonValue.Null,
            ["teamsId"] = normalized.Teams?.UserId is { } t ? t : BsonValue.Null,
            ["json"] = System.Text.Json.JsonSerializer.Serialize(normalized, StoreJson.Options),
        }));
        snapshot = Load();
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string email, CancellationToken ct = default)
    {
        var removed = db.Write(() => db.People.Delete(Emails.Normalize(email)));
        snapshot = Load();
        return Task.FromResult(removed);
    }

    private PeopleSnapshot Load() => PeopleSnapshot.Of(db.People.FindAll()
        .Select(d => System.Text.Json.JsonSerializer.Deserialize<Person>(d["json"].AsString, StoreJson.Options)!));
}
