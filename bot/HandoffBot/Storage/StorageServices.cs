using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Options;
using HandoffBot.Slack;
using HandoffBot.Storage.DataFile;
using HandoffBot.Storage.Postgres;

namespace HandoffBot.Storage;

/// <summary>
/// Every port the domain and the adapters keep state through, from one provider: the LiteDB file
/// (the default: one process) or PostgreSQL (<c>Storage__Provider=postgres</c>: any number of instances).
/// Nothing outside this folder knows which.
/// </summary>
public static class StorageServices
{
    /// <summary>The key of the people directory as stored; the application sees it through <see cref="Core.Timing.DepartureTrackingDirectory"/>.</summary>
    public const string StoredDirectory = "stored";

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        var provider = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton<FactsProjection>();
        if (provider.IsPostgres && configuration[$"{SchedulerOptions.Section}:{nameof(SchedulerOptions.Concurrency)}"] is null)
        {
            // One writer suits LiteDB; on PostgreSQL jobs side by side share round trips and commits (docs/benchmarks.md).
            services.PostConfigure<SchedulerOptions>(o => o.Concurrency = SchedulerOptions.PostgresConcurrency);
        }

        services.AddSingleton<ICliCommand, MigrateCommand>(); // LiteDB file -> PostgreSQL, whichever provider is configured
        return provider.IsPostgres ? services.AddPostgresStorage() : services.AddLiteDbStorage();
    }

    private static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddSingleton<LiteDbContext>();
        services.AddSingleton<IHandoffStore, LiteDbHandoffStore>();
        services.AddSingleton<IHandoffScan, LiteDbHandoffScan>();
        services.AddSingleton<LiteDbMetricsSource>();
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<LiteDbMetricsSource>());
        services.AddSingleton<IFactsLoader>(sp => sp.GetRequiredService<LiteDbMetricsSource>());
        services.AddSingleton<IJobStore, LiteDbJobStore>();
        services.AddKeyedSingleton<IPeopleDirectory, LiteDbPeopleDirectory>(StoredDirectory);
        services.AddSingleton<IDeliveryLog, LiteDbDeliveryLog>();
        services.AddSingleton<IStorageHealth, LiteDbStorageHealth>();
        services.AddSingleton<ISettingsStore, LiteDbSettingsStore>();
        services.AddSingleton<IChartStore, LiteDbChartStore>();
        services.AddSingleton<IConversationReferences, LiteDbConversationReferences>();
        services.AddSingleton<IActivityLedger, LiteDbActivityLedger>();
        services.AddSingleton<IChannelSlots, LocalChannelSlots>();
        services.AddSingleton<IChangeFeed, LocalChangeFeed>();
        services.AddSingleton<IClusterLock, LocalClusterLock>();

        // The Slack inbox's log lives beside the data file and is covered by its lock.
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<IJobInbox>(sp => sp.GetRequiredService<SlackInbox>());
        services.AddHostedService(sp => sp.GetRequiredService<SlackInbox>());

        services.AddHostedService<DataFileHolderPublisher>();
        services.AddSingleton<ICliCommand, BackupCommand>();
        services.AddSingleton<ICliCommand, RepairCommand>();
        services.AddSingleton<ICliCommand, RestoreCommand>();
        return services;
    }

    private static IServiceCollection AddPostgresStorage(this IServiceCollection services)
    {
        services.AddSingleton<PostgresDatabase>();
        services.AddExceptionHandler<DatabaseOutageHandler>();
        services.AddSingleton<PostgresHandoffStore>();
        services.AddSingleton<IHandoffStore>(sp => sp.GetRequiredService<PostgresHandoffStore>());
        services.AddSingleton<IHandoffScan>(sp => sp.GetRequiredService<PostgresHandoffStore>());
        services.AddSingleton<PostgresMetricsSource>();
        services.AddSingleton<IMetricsSource>(sp => sp.GetRequiredService<PostgresMetricsSource>());
        services.AddSingleton<IFactsLoader>(sp => sp.GetRequiredService<PostgresMetricsSource>());
        services.AddSingleton<IJobStore, PostgresJobStore>();
        services.AddKeyedSingleton<IPeopleDirectory, PostgresPeopleDirectory>(StoredDirectory);
        services.AddSingleton<IDeliveryLog, PostgresDeliveryLog>();
        services.AddSingleton<IStorageHealth, PostgresStorageHealth>();
        services.AddSingleton<ISettingsStore, PostgresSettingsStore>();
        services.AddSingleton<IChartStore, PostgresChartStore>();
        services.AddSingleton<IConversationReferences, PostgresConversationReferences>();
        services.AddSingleton<IActivityLedger, PostgresActivityLedger>();
        services.AddSingleton<IChannelSlots, PostgresChannelSlots>();
        services.AddSingleton<IClusterLock, PostgresClusterLock>();
        services.AddSingleton<PostgresChangeFeed>();
        services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<PostgresChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresChangeFeed>());
        services.AddSingleton<PostgresJobInbox>();
        services.AddSingleton<IJobInbox>(sp => sp.GetRequiredService<PostgresJobInbox>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgresJobInbox>());
        foreach (var verb in new[] { "backup", "repair", "restore" })
        {
            services.AddSingleton<ICliCommand>(new PostgresFileCommand(verb));
        }

        return services;
    }

    /// <summary>
    /// Opens the storage before anything else starts (LiteDB: takes the data file's lock and reads it
    /// whole; PostgreSQL: connects and migrates the schema). When that is refused (another process holds
    /// the file, it is damaged, the database cannot be reached) the reason is written to
    /// <paramref name="error"/> as it is — no stack trace — and the exit code returned; null: opened.
    /// </summary>
    public static int? OpenStorage(this IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            _ = services.GetService<PostgresDatabase>() ?? (object)services.GetRequiredService<LiteDbContext>();
            return null;
        }
        catch (StorageUnavailableException ex)
        {
            error.WriteLine("HandoffBot did not start. " + ex.Message);
            return ex.ExitCode;
        }
    }
}
