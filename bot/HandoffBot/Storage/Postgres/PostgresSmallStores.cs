using HandoffBot.Core.Storage;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>Readiness: a round trip to the database.</summary>
public sealed class PostgresStorageHealth(PostgresDatabase db) : IStorageHealth
{
    public string Description => $"PostgreSQL {db.Where}, schema version {db.SchemaVersion}, shared by every instance that names it";

    public async Task<bool> IsReachableAsync(CancellationToken ct = default)
    {
        try
        {
            await using var connection = await db.DataSource.OpenConnectionAsync(ct);
            await using var command = db.Command(connection, "SELECT 1");
            return await command.ExecuteScalarAsync(ct) is 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>Table <c>settings</c>: the first instance to store a value wins; the others read it.</summary>
public sealed class PostgresSettingsStore(PostgresDatabase db) : ISettingsStore
{
    public async Task<string> GetOrAddAsync(string key, Func<string> create, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using (var insert = db.Command(connection, "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO NOTHING").With("key", key).With("value", create()))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var read = db.Command(connection, "SELECT value FROM settings WHERE key = @key").With("key", key);
        return (string)(await read.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>Table <c>charts</c>.</summary>
public sealed class PostgresChartStore(PostgresDatabase db) : IChartStore
{
    public async Task SaveAsync(string id, byte[] png, string csv, DateTimeOffset created, DateTimeOffset purgeBefore, CancellationToken ct = default)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, """
            DELETE FROM charts WHERE created < @purge;
            INSERT INTO charts (id, png, csv, created) VALUES (@id, @png, @csv, @created);
            """)
            .With("purge", purgeBefore.ToUnixTimeMilliseconds())
            .With("id", id)
            .With("png", png)
            .With("csv", csv)
            .With("created", created.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<byte[]?> FindPngAsync(string id, CancellationToken ct = default) => await ScalarAsync<byte[]>("SELECT png FROM charts WHERE id = @id", id, ct);

    public async Task<string?> FindCsvAsync(string id, CancellationToken ct = default) => await ScalarAsync<string>("SELECT csv FROM charts WHERE id = @id", id, ct);

    private async Task<T?> ScalarAsync<T>(string sql, string id, CancellationToken ct)
        where T : class
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var command = db.Command(connection, sql).With("id", id);
        return await command.ExecuteScalarAsync(ct) as T;
    }
}

/// <summary>
/// Work one instance at a time: a session advisory lock taken with <c>pg_try_advisory_lock</c> on a
/// connection of its own, held while the work runs. An instance that dies loses its session, and its locks with it.
/// </summary>
public sealed class PostgresClusterLock(PostgresDatabase db) : IClusterLock
{
    public async Task<bool> TryRunAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var schema = db.Command(connection, "SELECT current_schema()");
        var key = PostgresDatabase.LockKey(name, (string)(await schema.ExecuteScalarAsync(ct))!);
        await using var take = db.Command(connection, "SELECT pg_try_advisory_lock(@k)").With("k", key);
        if (await take.ExecuteScalarAsync(ct) is not true)
        {
            return false;
        }

        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            await using var release = db.Command(connection, "SELECT pg_advisory_unlock(@k)").With("k", key);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
