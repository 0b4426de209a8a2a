using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Storage;
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

/// <summary>Two instances on one database: what one does, the other sees or is kept from doubling.</summary>
public sealed class PostgresTwoInstanceTests : IDisposable, IPostgresBackend
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);
    private readonly PostgresSchema schema = new();
    private readonly StorageBackend a;
    private readonly StorageBackend b;

    public PostgresTwoInstanceTests()
    {
        a = StorageBackend.Open(schema.Settings);
        b = StorageBackend.Open(schema.Settings);
    }

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
        schema.Dispose();
    }

    [BackendFact]
    public async Task ChannelSlots_FromTwoInstances_AreSpacedAsFromOne()
    {
        var interval = TimeSpan.FromSeconds(1);
        var slots = new List<DateTimeOffset>();
        for (var i = 0; i < 10; i++)
        {
            slots.Add(await (i % 2 == 0 ? a : b).Get<IChannelSlots>().ReserveAsync("C0CS", T0, interval));
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => T0 + i * interval), slots);
        Assert.Equal(T0, await b.Get<IChannelSlots>().ReserveAsync("C0OTHER", T0, interval));
    }

    [BackendFact]
    public void TeamsActivity_InFlightOnOne_IsADuplicateOnTheOther_UntilReleasedOrStale()
    {
        var window = T0 - TimeSpan.FromMinutes(10);
        Assert.True(a.Get<IActivityLedger>().TryClaim("k1", T0, T0 - TimeSpan.FromSeconds(60), window));
        Assert.False(b.Get<IActivityLedger>().TryClaim("k1", T0.AddSeconds(5), T0.AddSeconds(5) - TimeSpan.FromSeconds(60), window));
        a.Get<IActivityLedger>().Release("k1");
        Assert.True(b.Get<IActivityLedger>().TryClaim("k1", T0.AddSeconds(6), T0.AddSeconds(6) - TimeSpan.FromSeconds(60), window));

        // b dies mid-turn: after the lease a redelivery to a is handled there.
        Assert.False(a.Get<IActivityLedger>().TryClaim("k1", T0.AddSeconds(30), T0.AddSeconds(-30), window));
        Assert.True(a.Get<IActivityLedger>().TryClaim("k1", T0.AddSeconds(70), T0.AddSeconds(10), window));
        a.Get<IActivityLedger>().Save([new ActivityRecord("k1", T0.AddSeconds(70), "{\"status\":200}")]);
        Assert.False(b.Get<IActivityLedger>().TryClaim("k1", T0.AddMinutes(5), T0.AddMinutes(4), T0.AddMinutes(-5)));
        Assert.Equal("{\"status\":200}", b.Get<IActivityLedger>().Find("k1")!.Response);
    }

    [BackendFact]
    public async Task JobAcceptedByOne_SurvivesIt_AndIsClaimedOnceByEither()
    {
        await a.Get<IJobInbox>().AcceptAsync(ScheduledJob.Create("slack.event", null, T0, "slack:Ev01", T0, "{}"), CancellationToken.None);
        await b.Get<IJobInbox>().AcceptAsync(ScheduledJob.Create("slack.event", null, T0, "slack:Ev01", T0, "{}"), CancellationToken.None);
        a.Dispose();

        var claimed = await b.Get<IJobStore>().ClaimDueAsync(T0, T0.AddMinutes(5), 10);
        Assert.Equal("slack:Ev01", Assert.Single(claimed).IdempotencyKey);
    }

    [BackendFact]
    public async Task SameKeysStoredByBothAtOnce_InOppositeOrder_NeitherFails_EachJobOnce()
    {
        // A Slack retry reaching the other instance while the first still stores it: batches sharing keys.
        for (var round = 0; round < 10; round++)
        {
            var keys = Enumerable.Range(0, 300).Select(i => $"slack:r{round}:{i:D4}").ToList();
            var forward = keys.Select(k => ScheduledJob.Create("slack.event", null, T0, k, T0, "{}")).ToList();
            var backward = keys.AsEnumerable().Reverse().Select(k => ScheduledJob.Create("slack.event", null, T0, k, T0, "{}")).ToList();

            var added = await Task.WhenAll(
                Task.Run(() => a.Get<IJobStore>().EnqueueAsync(forward)),
                Task.Run(() => b.Get<IJobStore>().EnqueueAsync(backward)));

            Assert.Equal(300, added.Sum());
        }

        Assert.Equal(3000, (await b.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 10_000)).Count);
    }

    [BackendFact]
    public async Task PeopleEditedOnOne_AreSeenByTheOther()
    {
        await StartFeedAsync(b);
        var heard = new TaskCompletionSource(); // after the directory's own reload, which subscribed first
        using var _ = b.Get<IChangeFeed>().Subscribe(ChangeTopics.People, _ => { heard.TrySetResult(); return Task.CompletedTask; });
        await a.Get<IPeopleDirectory>(StorageServices.StoredDirectory).UpsertAsync(new Person { Email = "new.csm@example.com", Name = "New CSM", Platform = ChatPlatform.Slack });

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("New CSM", (await b.Get<IPeopleDirectory>(StorageServices.StoredDirectory).FindAsync("NEW.csm@example.com"))!.Name);
    }

    private static async Task StartFeedAsync(StorageBackend backend)
    {
        var feed = (Microsoft.Extensions.Hosting.IHostedService)backend.Get<IChangeFeed>();
        _ = backend.Get<IPeopleDirectory>(StorageServices.StoredDirectory); // subscribes before the feed listens
        await feed.StartAsync(CancellationToken.None);
        await backend.Get<HandoffBot.Storage.Postgres.PostgresChangeFeed>().Listening;
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
