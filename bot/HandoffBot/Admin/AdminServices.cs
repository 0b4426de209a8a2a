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
                "Admin API /api/handoffs, /api/people, /api/jobs",
                !string.IsNullOrEmpty(key),
                "set Admin__ApiKey (requests are refused until then)",
                key?.StartsWith("local-dev-", StringComparison.Ordinal) == true ? "WITH THE LOCAL DEVELOPMENT KEY — never use it outside your machine" : null);
        });
        return services;
    }
}
