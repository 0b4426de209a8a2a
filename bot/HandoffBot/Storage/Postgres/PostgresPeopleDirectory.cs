using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Storage;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The people directory in table <c>people</c>, read through an in-memory snapshot like the LiteDB one.
/// A write here replaces this instance's snapshot and announces "people" in the same transaction
/// (<see cref="PostgresChangeFeed"/>); the other instances reload theirs when they hear it.
/// </summary>
public sealed class PostgresPeopleDirectory : IPeopleDirectory, IDisposable
{
    private readonly PostgresDatabase db;
    private readonly PostgresChangeFeed changes;
    private readonly IDisposable subscription;
    private volatile PeopleSnapshot snapshot;

    public PostgresPeopleDirectory(PostgresDatabase db, PostgresChangeFeed changes)
    {
        this.db = db;
        this.changes = changes;
        snapshot = LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        subscription = changes.Subscribe(ChangeTopics.People, async ct => snapshot = await LoadAsync(ct));
    }

    public Task<Person?> FindAsync(string email, CancellationToken ct = default) => Task.FromResult(snapshot.Find(email));

    public Task<Person?> FindByPlatformIdAsync(ChatPlatform platform, string userId, CancellationToken ct = default) =>
        Task.FromResult(snapshot.FindByPlatformId(platform, userId));

    public Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct = default) => Task.FromResult(snapshot.All);

    public async Task UpsertAsync(Person person, CancellationToken ct = default)
    {
        var normalized = PeopleSnapshot.Normalize(person);
        await WriteAsync("""
            INSERT INTO people (email, slack_id, teams_id, json) VALUES (@email, @slack, @teams, @json)
            ON CONFLICT (email) DO UPDATE SET slack_id = EXCLUDED.slack_id, teams_id = EXCLUDED.teams_id, json = EXCLUDED.json
            """, normalized.Email, normalized, ct);
    }

    public async Task<bool> RemoveAsync(string email, CancellationToken ct = default) =>
        await WriteAsync("DELETE FROM people WHERE email = @email", Emails.Normalize(email), null, ct) > 0;

    public void Dispose() => subscription.Dispose();

    private async Task<int> WriteAsync(string sql, string email, Person? person, CancellationToken ct)
    {
        int rows;
        await using (var connection = await db.DataSource.OpenConnectionAsync(ct))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var command = db.Command(connection, sql, transaction)
                .With("email", email)
                .With("slack", person?.Slack?.UserId)
                .With("teams", person?.Teams?.UserId)
                .With("json", person is null ? null : System.Text.Json.JsonSerializer.Serialize(person, StoreJson.Options));
            rows = await command.ExecuteNonQueryAsync(ct);
            await changes.BumpAsync(connection, transaction, ChangeTopics.People, ct);
            await transaction.CommitAsync(ct);
        }

        snapshot = await LoadAsync(ct);
        return rows;
    }

    private async Task<PeopleSnapshot> LoadAsync(CancellationToken ct)
    {
        var people = new List<Person>();
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, "SELECT json FROM people");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            people.Add(System.Text.Json.JsonSerializer.Deserialize<Person>(reader.GetString(0), StoreJson.Options)!);
        }

        return PeopleSnapshot.Of(people);
    }
}
