using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Admin;

public static class AdminServices
{
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        services.AddSingleton<AdminKeyFilter>();
        services.AddIntegrationStatus(sp =>
        {
            var key = sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey;
            return new IntegrationStatus(
                "Admin API /api/handoffs (and …/brief), /api/people, /api/jobs, /api/metrics, /api/digest, /api/deliveries, /api/playbook/preview, /api/playbook/reload",
                !string.IsNullOrEmpty(key),
                "every request is refused (401) until Admin__ApiKey is set",
                key?.StartsWith("local-dev-", StringComparison.Ordinal) == true ? "WITH THE LOCAL DEVELOPMENT KEY — never use it outside your machine" : null);
        });
        return services;
    }
}
