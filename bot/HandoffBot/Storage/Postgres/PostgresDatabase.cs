using System.Security.Cryptography;
using System.Text;
using HandoffBot.Options;
using HandoffBot.Storage.DataFile;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The shared database: one connection pool (<see cref="NpgsqlDataSource"/>) for the process, and the
/// schema brought up to date when it is first used — under an advisory lock, so instances starting
/// together migrate once and the others wait for it. Connection failures at start-up become a
/// <see cref="StorageUnavailableException"/> with what to check, never a stack trace.
/// </summary>
public sealed partial class PostgresDatabase : IDisposable
{
    private readonly ILogger<PostgresDatabase> logger;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        var builder = WithDefaults(options.Value.ConnectionString);
        Where = $"database {builder.Database} on {builder.Host}:{builder.Port}" + (builder.SearchPath is { Length: > 0 } schema ? $", schema {schema}" : "");
        DataSource = NpgsqlDataSource.Create(builder);
        try
        {
            SchemaVersion = Migrate();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            DataSource.Dispose();
            throw new DatabaseUnavailableException(
                $"The PostgreSQL {Where} cannot be used: {ex.Message}. Check Storage__ConnectionString, that the server runs and that the user may create tables there.", ex);
        }
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Statements prepared automatically once used this often on a connection (unless the connection string says otherwise).</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// The connection string with the bot's defaults where it says nothing: statements the bot repeats
    /// are prepared on the server once per connection (<c>Max Auto Prepare</c>), and a connection given
    /// back to the pool is not reset (<c>No Reset On Close</c>): the bot keeps no session state on pooled
    /// connections (its advisory locks are released in <c>finally</c>, its LISTEN connection unlistens), and
    /// the reset was a round trip's work on every use. Measured in docs/benchmarks.md (job drain).
    /// Either can be set in <c>Storage__ConnectionString</c> to override.
    /// </summary>
    public static NpgsqlConnectionStringBuilder WithDefaults(string? connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (!named.Contains("MAXAUTOPREPARE"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!named.Contains("NORESETONCLOSE"))
        {
            builder.NoResetOnClose = true;
        }

        return builder;
    }

    /// <summary>"database handoffbot on db:5432" (no credentials).</summary>
    public string Where { get; }

    public int SchemaVersion { get; }

    /// <summary>A 64-bit advisory lock key for <paramref name="name"/> in this database and schema.</summary>
    public static long LockKey(string name, string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"handoffbot:{schema}:{name}")), 0);

    public NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) => new(sql, connection, transaction);

    public void Dispose() => DataSource.Dispose();

    private int Migrate()
    {
        using var connection = DataSource.OpenConnection();
        if (new NpgsqlConnectionStringBuilder(DataSource.ConnectionString).SearchPath is { Length: > 0 } path)
        {
            // A schema named in the connection string (one database, several bots or environments) is made when missing.
            var first = path.Split(',')[0].Trim().Trim('"');
            new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{first.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection).ExecuteNonQuery();
        }

        var schema = (string)new NpgsqlCommand("SELECT current_schema()", connection).ExecuteScalar()!;
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", connection))
        {
            // Held on this connection only while migrating; a second instance waits here, then finds nothing to do.
            lockCommand.Parameters.AddWithValue("k", LockKey("migrate", schema));
            lockCommand.ExecuteNonQuery();
        }

        try
        {
            new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", connection).ExecuteNonQuery();
            var applied = new HashSet<int>();
            using (var reader = new NpgsqlCommand("SELECT version FROM schema_migrations", connection).ExecuteReader())
            {
                while (reader.Read())
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var step in PostgresMigrations.All.Where(s => !applied.Contains(s.Version)).OrderBy(s => s.Version))
            {
                using var transaction = connection.BeginTransaction();
                new NpgsqlCommand(step.Sql, connection, transaction).ExecuteNonQuery();
                using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, description) VALUES (@v, @d)", connection, transaction);
                record.Parameters.AddWithValue("v", step.Version);
                record.Parameters.AddWithValue("d", step.Description);
                record.ExecuteNonQuery();
                transaction.Commit();
                LogMigrated(logger, step.Version, step.Description);
            }

            var newest = applied.Count == 0 ? 0 : applied.Max();
            if (newest > PostgresMigrations.All[^1].Version)
            {
                LogNewerSchema(logger, newest, PostgresMigrations.All[^1].Version);
            }

            return Math.Max(newest, PostgresMigrations.All[^1].Version);
        }
        finally
        {
            using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
            unlock.Parameters.AddWithValue("k", LockKey("migrate", schema));
            unlock.ExecuteNonQuery();
        }
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "PostgreSQL schema migrated to version {Version}: {Description}")]
    private static partial void LogMigrated(ILogger logger, int version, string description);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "The PostgreSQL schema is at version {Found}, newer than this build knows ({Known}): a newer instance migrated it. This one runs on the tables it knows; roll it forward")]
    private static partial void LogNewerSchema(ILogger logger, int found, int known);
}
