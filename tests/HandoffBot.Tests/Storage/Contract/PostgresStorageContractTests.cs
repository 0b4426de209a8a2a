using Npgsql;

namespace HandoffBot.Tests.Storage.Contract;

/// <summary>The storage contract on PostgreSQL: a fresh schema of the test server per test, dropped after.</summary>
public sealed class PostgresStorageContractTests : StorageContractTests, IPostgresBackend
{
    private readonly PostgresSchema schema = new();

    protected override IDictionary<string, string?> FreshSettings() => schema.Settings;

    public override void Dispose()
    {
        base.Dispose();
        schema.Dispose();
    }

    [BackendFact]
    public void TwoInstancesStartingTogether_MigrateOnce()
    {
        var opened = Enumerable.Range(0, 3).AsParallel().Select(_ => StorageBackend.Open(schema.Settings)).ToList();
        try
        {
            Assert.Equal(Backend.Get<HandoffBot.Core.Storage.IStorageHealth>().Description, opened[0].Get<HandoffBot.Core.Storage.IStorageHealth>().Description);
            Assert.Equal(HandoffBot.Storage.Postgres.PostgresMigrations.All.Count, schema.Scalar<long>("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            opened.ForEach(b => b.Dispose());
        }
    }
}

/// <summary>A schema of its own on the test server (<see cref="PostgresServer"/>), so tests never see each other's rows.</summary>
public sealed class PostgresSchema : IDisposable
{
    private readonly string baseConnection;

    public PostgresSchema()
    {
        baseConnection = PostgresServer.Require();
        Name = "t_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE SCHEMA {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(baseConnection) { SearchPath = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "postgres",
        ["Storage:ConnectionString"] = ConnectionString,
    };

    public T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP SCHEMA IF EXISTS {Name} CASCADE");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(baseConnection);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
