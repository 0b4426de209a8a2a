using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Timing;
using HandoffBot.Options;
using HandoffBot.Scheduling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HandoffBot.Hosting;

public static class CoreServices
{
    /// <summary>The domain's application services, the playbook, the job runner and the notifications on top of it.</summary>
    public static IServiceCollection AddHandoffCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<PlaybookOptions>(PlaybookOptions.Section);
        services.AddValidatedOptions<PeopleOptions>(PeopleOptions.Section);
        services.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section);
        services.AddSingleton<PlaybookProvider>();
        services.AddSingleton<IPlaybookProvider>(sp => sp.GetRequiredService<PlaybookProvider>());
        // The directory as the application sees it: removing somebody hands their open stages on.
        services.AddSingleton<IPeopleDirectory>(sp => new DepartureTrackingDirectory(
            sp.GetRequiredKeyedService<IPeopleDirectory>(Storage.StorageServices.StoredDirectory),
            sp.GetRequiredService<IJobStore>(),
            sp.GetRequiredService<IJobSignal>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<HandoffService>();
        services.AddSingleton<Core.Application.Commands.ChatCommandService>();
        services.TryAddSingleton<Core.Application.Actions.UserActionService>();
        services.AddSingleton<IJobPlanner, NotificationPlanner>();
        services.AddSingleton<NotifierRegistry>();
        services.AddSingleton(sp => new DeliveryPolicy(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulerOptions>>().Value.ResendInDoubt ?? true));
        services.AddSingleton<Outbox>();
        services.AddSingleton<IJobHandler, NotifyJobHandler>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<IJobSignal>(sp => sp.GetRequiredService<JobSignal>());
        services.AddSingleton<JobRunner>();
        services.AddHostedService<StartupTasks>();
        services.AddHostedService(sp => sp.GetRequiredService<JobRunner>());
        services.AddSingleton<CliRunner>();
        return services;
    }

    public static IServiceCollection AddIntegrationStatus(this IServiceCollection services, Func<IServiceProvider, IntegrationStatus> status) =>
        services.AddSingleton<IIntegrationStatusSource>(sp => new DelegateStatusSource(() => status(sp)));
}
