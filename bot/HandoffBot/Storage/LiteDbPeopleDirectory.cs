using System.Collections.Frozen;
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
    private volatile Snapshot snapshot;

    public LiteDbPeopleDirectory(LiteDbContext db)
    {
        this.db = db;
        snapshot = Load();
    }

    public Task<Person?> FindAsync(string email, CancellationToken ct = default) =>
        Task.FromResult(snapshot.ByEmail.GetValueOrDefault(Emails.Normalize(email)));

    public Task<Person?> FindByPlatformIdAsync(ChatPlatform platform, string userId, CancellationToken ct = default)
    {
        var index = platform == ChatPlatform.Slack ? snapshot.BySlackId : snapshot.ByTeamsId;
        return Task.FromResult(index.GetValueOrDefault(userId));
    }

    public Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct = default) => Task.FromResult(snapshot.All);

    public Task UpsertAsync(Person person, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        var normalized = person with
        {
            Email = Emails.Normalize(person.Email),
            ManagerEmail = person.ManagerEmail is { } m ? Emails.Normalize(m) : null,
        };
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

    private Snapshot Load()
    {
        var people = db.People.FindAll()
            .Select(d => System.Text.Json.JsonSerializer.Deserialize<Person>(d["json"].AsString, StoreJson.Options)!)
            .OrderBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        return new Snapshot(
            people,
            people.ToFrozenDictionary(p => p.Email, StringComparer.Ordinal),
            people.Where(p => p.Slack is not null).DistinctBy(p => p.Slack!.UserId).ToFrozenDictionary(p => p.Slack!.UserId, StringComparer.Ordinal),
            people.Where(p => p.Teams?.UserId is not null).DistinctBy(p => p.Teams!.UserId).ToFrozenDictionary(p => p.Teams!.UserId!, StringComparer.Ordinal));
    }

    private sealed record Snapshot(
        IReadOnlyList<Person> All,
        FrozenDictionary<string, Person> ByEmail,
        FrozenDictionary<string, Person> BySlackId,
        FrozenDictionary<string, Person> ByTeamsId);
}
