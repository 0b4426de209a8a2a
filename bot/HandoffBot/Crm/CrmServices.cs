using HandoffBot.Cli;
using HandoffBot.Core.Scheduling;
using HandoffBot.Crm.HubSpot;
using HandoffBot.Crm.Salesforce;
using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm;

public static class CrmServices
{
    /// <summary>Native HubSpot and Salesforce intake: the two endpoints, their API clients, the jobs and the field mapping.</summary>
    public static IServiceCollection AddCrm(this IServiceCollection services)
    {
        services.AddValidatedOptions<CrmOptions>(CrmOptions.Section);
        services.AddValidatedOptions<HubSpotOptions>(HubSpotOptions.Section);
        services.AddValidatedOptions<SalesforceOptions>(SalesforceOptions.Section);
        services.AddSingleton<CrmMappingProvider>();
        services.AddSingleton<CrmIntake>();
        services.AddSingleton<CrmRetry>();
        services.AddSingleton<ICliCommand, CrmMappingCheckCommand>();
        services.AddHostedService<CrmStartup>();

        services.AddHttpClient(HubSpotApiClient.HttpClientName, (sp, http) =>
        {
            var settings = sp.GetRequiredService<IOptions<HubSpotOptions>>().Value;
            http.BaseAddress = new Uri(settings.ApiBaseUrl.TrimEnd('/') + "/");
            http.Timeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds);
        }).RemoveAllLoggers(); // request URLs carry ids and queries; the clients log what matters themselves
        services.AddSingleton<HubSpotApiClient>();
        services.AddSingleton<HubSpotPipelines>();
        services.AddSingleton<HubSpotDealReader>();
        services.AddSingleton<IJobHandler, HubSpotDealJob>();

        services.AddHttpClient(SalesforceApiClient.HttpClientName, (sp, http) =>
            http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SalesforceOptions>>().Value.RequestTimeoutSeconds))
            .RemoveAllLoggers();
        services.AddSingleton<SalesforceApiClient>();
        services.AddSingleton<OpportunityReader>();
        services.AddSingleton<IJobHandler, SalesforceOpportunityJob>();

        services.AddIntegrationStatus(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<HubSpotOptions>>().Value;
            return new IntegrationStatus(
                $"HubSpot intake POST {HubSpotEndpoint.Path}",
                settings.Receives && settings.Reads,
                Missing(
                    (settings.Receives, "HubSpot__ClientSecret (until then every request is refused)"),
                    (settings.Reads, "HubSpot__AccessToken (until then events are kept but no deal is read)")),
                string.IsNullOrEmpty(settings.PublicUrl) ? "(HubSpot__PublicUrl unset: signatures are checked against the URL as the request reached the bot)" : null);
        });
        services.AddIntegrationStatus(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<SalesforceOptions>>().Value;
            return new IntegrationStatus(
                $"Salesforce intake POST {SalesforceEndpoint.Path}",
                settings.Receives && settings.Reads,
                Missing(
                    (settings.Receives, "Salesforce__OrganizationId (until then every message is refused)"),
                    (!string.IsNullOrEmpty(settings.LoginUrl), "Salesforce__LoginUrl"),
                    (!string.IsNullOrEmpty(settings.ClientId), "Salesforce__ClientId"),
                    (!string.IsNullOrEmpty(settings.ClientSecret), "Salesforce__ClientSecret")),
                string.IsNullOrEmpty(settings.EndpointToken) ? "(Salesforce__EndpointToken unset: only the organization id, which is not a secret, is checked)" : null);
        });
        return services;
    }

    public static IEndpointRouteBuilder MapCrm(this IEndpointRouteBuilder app)
    {
        app.MapPost(HubSpotEndpoint.Path, HubSpotEndpoint.HandleAsync).WithName("HubSpotIntake").DisableAntiforgery();
        app.MapPost(SalesforceEndpoint.Path, SalesforceEndpoint.HandleAsync).WithName("SalesforceIntake").DisableAntiforgery();
        return app;
    }

    private static string Missing(params (bool Set, string Setting)[] settings) =>
        "set " + string.Join(", ", settings.Where(s => !s.Set).Select(s => s.Setting));

    /// <summary>Loads the mapping at start-up, so an invalid file stops the bot with every problem listed.</summary>
    private sealed class CrmStartup(CrmMappingProvider mapping, ILogger<CrmStartup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = mapping.Current;
            CrmLog.MappingLoaded(logger, mapping.Source);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
