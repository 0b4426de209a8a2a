using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Timing;
using HandoffBot.Options;

namespace HandoffBot.Timing;

public static class TimingServices
{
    /// <summary>SLA clocks, internal handoff, warm intro, polls, digests, metrics, playbook reload and preview.</summary>
    public static IServiceCollection AddTiming(this IServiceCollection services)
    {
        services.AddValidatedOptions<TimingOptions>(TimingOptions.Section);
        services.AddSingleton<ITimeZoneLookup, DirectoryTimeZones>();
        services.AddSingleton<Recipients>();
        services.AddSingleton<HandoffMessages>();
        services.AddSingleton<SignedLinks>();
        services.AddSingleton<IPublicLinks>(sp => sp.GetRequiredService<SignedLinks>());
        services.AddSingleton<DigestCharts>();
        services.AddSingleton<IDigestCharts>(sp => sp.GetRequiredService<DigestCharts>());
        services.AddSingleton<DigestService>();
        services.AddSingleton<DigestSchedule>();
        services.AddSingleton<SlaActions>();
        services.AddSingleton<OwnershipCommands>();
        services.AddSingleton<PlaybookReloader>();
        services.AddSingleton<IJobPlanner, TimingPlanner>();
        services.AddSingleton<IJobHandler, SlaJobHandler>();
        services.AddSingleton<IJobHandler, TimingJobHandler>();
        services.AddSingleton<IJobHandler, OwnershipJobHandler>();
        services.AddSingleton<IJobHandler, PlaybookReplanHandler>();
        services.AddSingleton<IJobHandler, DigestJobHandler>();
        services.AddSingleton<IJobHandler, FailureReportHandler>();
        services.AddSingleton<IJobFailureObserver, FailureReporter>();
        services.AddSingleton<ICliCommand, PlaybookPreviewCommand>();
        services.AddHostedService<TimingStartup>();
        services.AddHostedService<PlaybookWatcher>();
        return services;
    }
}
