using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;

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
        return services;
    }
}
