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
        services.AddIntegrationStatus(sp =>
        {
            var secret = sp.GetRequiredService<IOptions<IntakeOptions>>().Value.SigningSecret;
            return new IntegrationStatus(
                "CRM webhook POST /api/deals",
                !string.IsNullOrEmpty(secret),
                "every request is refused (401) until Intake__SigningSecret is set",
                secret?.StartsWith("local-dev-", StringComparison.Ordinal) == true ? "WITH THE LOCAL DEVELOPMENT SECRET — never use it outside your machine" : null);
        });
        return services;
    }
}
