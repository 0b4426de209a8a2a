using System.Diagnostics;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Scheduling;
using HandoffBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Benchmarks;

/// <summary>
/// The storage side by side, each backend composed exactly as the bot composes it (<see cref="StorageServices.AddStorage"/>):
/// metrics + digest over a stored portfolio, and the job drain with 1 or 3 instances.
/// PostgreSQL: HANDOFFBOT_BENCH_POSTGRES (or HANDOFFBOT_TEST_POSTGRES) names the server; each run uses a fresh schema.
/// </summary>
public static class StorageBench
{
    public static IDictionary<string, string?> Settings(string provider)
    {
        if (provider == "litedb")
        {
            return new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(Path.GetTempPath(), "handoffbot-bench", Guid.NewGuid().ToString("N"), "bench.db") };
        }

        var server = Environment.GetEnvironmentVariable("HANDOFFBOT_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HANDOFFBOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set HANDOFFBOT_BENCH_POSTGRES (e.g. from .ci/postgres.sh) for the PostgreSQL runs.");
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = $"{server.TrimEnd(';')};Search Path=bench_{Guid.NewGuid():N}",
        };
    }

    public static ServiceProvider Compose(IDictionary<string, string?> settings, SchedulerOptions? scheduler = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IPlaybookProvider>(new FixedPlaybookProvider(Core.Playbooks.PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }")));
        services.AddOptions<HandoffBot.Slack.SlackOptions>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<IJobSignal>(sp => sp.GetRequiredService<JobSignal>());
        services.AddStorage(configuration);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(scheduler ?? new SchedulerOptions()));
        var provider = services.BuildServiceProvider();
        if (provider.OpenStorage(Console.Error) is { } refused)
        {
            throw new InvalidOperationException($"storage refused ({refused})");
        }

        return provider;
    }

    /// <summary>Metrics (all, and one quarter's closes) and a week's digest over <paramref name="count"/> stored handoffs' facts, three rounds.</summary>
    public static async Task MetricsAsync(string provider, int count)
    {
        var settings = Settings(provider);
        try
        {
            await MetricsRoundsAsync(provider, count, settings);
        }
        finally
        {
            CleanUp(settings);
        }
    }

    private static async Task MetricsRoundsAsync(string provider, int count, IDictionary<string, string?> settings)
    {
        var asOf = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        await StoreAsync(settings, provider, count, asOf);
        GC.Collect();
        using var services = Compose(settings); // a fresh process's view: nothing cached
        var source = services.GetRequiredService<IMetricsSource>();
        for (var round = 1; round <= 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var metrics = await source.MetricsAsync(null, null, asOf);
            var afterMetrics = clock.Elapsed;
            var (report, chart) = await source.DigestAsync(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), TimeZoneInfo.Utc, asOf);
            var total = clock.Elapsed;
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"{provider} round {round}: metrics {afterMetrics.TotalMilliseconds:0} ms + digest {(total - afterMetrics).TotalMilliseconds:0} ms = {total.TotalMilliseconds:0} ms "
                + $"({metrics.Overall.Handoffs} handoffs, {metrics.ByAe.Count} AEs, {report.HandoffCount} this week, {chart.Series.Count} series); peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB");
        }
    }

    /// <summary>The generated portfolio stored, in a method of its own so that nothing of it stays reachable (a bot process holds no such list).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task StoreAsync(IDictionary<string, string?> settings, string provider, int count, DateTimeOffset asOf)
    {
        using var loading = Compose(settings);
        var load = Stopwatch.StartNew();
        await loading.GetRequiredService<IFactsLoader>().LoadAsync(Portfolio.Generate(count, asOf));
        Console.WriteLine($"{provider}: {count} handoffs' facts stored in {load.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>N jobs due at once, drained by <paramref name="instances"/> runners (each with its own services, pool and runner) on one store.</summary>
    public static async Task DrainAsync(string provider, int instances, int count, int concurrency)
    {
        var settings = Settings(provider);
        try
        {
            await DrainRunAsync(provider, instances, count, concurrency, settings);
        }
        finally
        {
            CleanUp(settings);
        }
    }

    /// <summary>A run leaves nothing behind: the LiteDB file's folder, or the PostgreSQL schema it made.</summary>
    private static void CleanUp(IDictionary<string, string?> settings)
    {
        if (settings.TryGetValue("Storage:Path", out var path) && Path.GetDirectoryName(path) is { } folder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        if (settings.TryGetValue("Storage:ConnectionString", out var connection) && connection is not null)
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
            var schema = builder.SearchPath!;
            builder.SearchPath = null;
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var db = new Npgsql.NpgsqlConnection(builder.ConnectionString);
            db.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", db);
            drop.ExecuteNonQuery();
        }
    }

    private static async Task DrainRunAsync(string provider, int instances, int count, int concurrency, IDictionary<string, string?> settings)
    {
        var scheduler = new SchedulerOptions { BatchSize = 200, Concurrency = concurrency };
        var notifier = new FakeNotifier(ChatPlatform.Slack);
        var bots = Enumerable.Range(0, instances).Select(_ => Compose(settings, scheduler)).ToList();
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        await bots[0].GetRequiredService<IJobStore>().EnqueueAsync(
            [.. Enumerable.Range(0, count).Select(i => ScheduledJob.Create(SendHandler.Kind, null, now, $"bench:{Guid.NewGuid():N}:{i}", now, $"person{i % 500}@example.com"))]);
        var runners = bots.Select(sp =>
        {
            var outbox = new Outbox(new NotifierRegistry([notifier]), sp.GetRequiredService<IDeliveryLog>(), TimeProvider.System, new DeliveryPolicy());
            return new JobRunner(sp.GetRequiredService<IJobStore>(), [new SendHandler(outbox)], sp.GetRequiredService<JobSignal>(), TimeProvider.System,
                Microsoft.Extensions.Options.Options.Create(scheduler), NullLogger<JobRunner>.Instance);
        }).ToList();
        var clock = Stopwatch.StartNew();
        var ran = await Task.WhenAll(runners.Select(r => Task.Run(() => r.DrainAsync())));
        var took = clock.Elapsed;
        var sent = (await bots[0].GetRequiredService<IDeliveryLog>().ListAsync(Core.Notifications.DeliveryState.Sent, 10_000)).Count;
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"{provider} drain, {instances} instance(s), concurrency {concurrency}: {ran.Sum()} jobs ({string.Join("+", ran)}), {notifier.Sent} messages, {sent} keys sent, "
            + $"{took.TotalSeconds:0.0} s = {notifier.Sent / took.TotalSeconds:0} messages/s; peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        runners.ForEach(r => r.Dispose());
        bots.ForEach(b => b.Dispose());
    }

    /// <summary>`migrate --to postgres` over a LiteDB file of <paramref name="count"/> real handoffs (run through the domain and saved), into a fresh schema.</summary>
    public static async Task MigrateAsync(int count)
    {
        var playbook = Core.Playbooks.PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }");
        using var stored = new StoredPortfolio();
        var fill = Stopwatch.StartNew();
        await stored.FillAsync(count, playbook);
        Console.WriteLine($"litedb: {count} handoffs saved in {fill.Elapsed.TotalSeconds:0.0} s ({new FileInfo(stored.File.FilePath).Length / 1024 / 1024} MB file)");
        var options = Microsoft.Extensions.Options.Options.Create(new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = Settings("postgres")["Storage:ConnectionString"] });
        using var target = new HandoffBot.Storage.Postgres.PostgresDatabase(options, NullLogger<HandoffBot.Storage.Postgres.PostgresDatabase>.Instance);
        var clock = Stopwatch.StartNew();
        var counts = await new HandoffBot.Storage.Postgres.LiteDbToPostgres(stored.File, target, new FactsProjection(new FixedPlaybookProvider(playbook))).CopyAsync(replace: false);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"migrate: {string.Join(", ", counts.Select(c => $"{c.What} {c.Target}{(c.Matches ? "" : " DIFFERENT")}"))} in {clock.Elapsed.TotalSeconds:0.0} s; "
            + $"peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private sealed class SendHandler(Outbox outbox) : IJobHandler
    {
        public const string Kind = "bench.send";

        public IReadOnlyCollection<string> Kinds { get; } = [Kind];

        public async Task RunAsync(ScheduledJob job, CancellationToken ct) =>
            await outbox.ToPersonAsync(job.IdempotencyKey, new Person { Email = job.Payload!, Name = "P", Platform = ChatPlatform.Slack }, new TextNotification("Reminder"), ct);
    }
}
