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
        services.AddIntegrationStatus(sp => new IntegrationStatus(
            "Admin API /api/handoffs, /api/people, /api/jobs",
            !string.IsNullOrEmpty(sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiKey),
            "set Admin__ApiKey (requests are refused until then)"));
        return services;
    }
}
