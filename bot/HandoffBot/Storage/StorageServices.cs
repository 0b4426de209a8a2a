using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Storage.DataFile;

namespace HandoffBot.Storage;

public static class StorageServices
{
    public static IServiceCollection AddLiteDbStorage(this IServiceCollection services)
    {
        services.AddValidatedOptions<StorageOptions>(StorageOptions.Section);
        services.AddSingleton<LiteDbContext>();
        services.AddSingleton<IHandoffStore, LiteDbHandoffStore>();
        services.AddSingleton<IJobStore, LiteDbJobStore>();
        services.AddSingleton<IPeopleDirectory, LiteDbPeopleDirectory>();
        services.AddSingleton<IDeliveryLog, LiteDbDeliveryLog>();
        services.AddHostedService<DataFileHolderPublisher>();
        services.AddSingleton<ICliCommand, BackupCommand>();
        services.AddSingleton<ICliCommand, RepairCommand>();
        services.AddSingleton<ICliCommand, RestoreCommand>();
        return services;
    }

    /// <summary>
    /// Takes the data file's lock and opens it before anything else starts. When that is refused
    /// (another process holds it, it is damaged, the OS refuses it) the reason is written to
    /// <paramref name="error"/> as it is — no stack trace — and the exit code returned; null: opened.
    /// </summary>
    public static int? OpenDataFile(this IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            _ = services.GetRequiredService<LiteDbContext>();
            return null;
        }
        catch (StorageUnavailableException ex)
        {
            error.WriteLine("HandoffBot did not start. " + ex.Message);
            return ex.ExitCode;
        }
    }
}
