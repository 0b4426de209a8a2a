using HandoffBot.Cli;
using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Intake;

public static class IntakeServices
{
    public static IServiceCollection AddDealIntake(this IServiceCollection services)
    {
        services.AddValidatedOptions<IntakeOptions>(IntakeOptions.Section);
        services.AddSingleton<ICliCommand, ImportCommand>();
        services.AddIntegrationStatus(sp => new IntegrationStatus(
            "CRM webhook POST /api/deals",
            !string.IsNullOrEmpty(sp.GetRequiredService<IOptions<IntakeOptions>>().Value.SigningSecret),
            "set Intake__SigningSecret (requests are refused until then)"));
        return services;
    }
}
