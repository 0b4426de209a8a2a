using HandoffBot.Cards;
using HandoffBot.Demo.Slack;
using HandoffBot.Options;
using HandoffBot.Teams;

namespace HandoffBot.Demo;

public static class DemoServices
{
    /// <summary>
    /// The demo's parts. Registered always and inert unless <see cref="DemoGate"/> says the demo runs, so the
    /// Teams adapter can ask "does this account act as someone?" and get "no" everywhere else. Call after
    /// AddCards (it wraps the card renderer), AddTeams and AddHandoffCore (its start-up runs after the directory seed).
    /// </summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddValidatedOptions<DemoOptions>(DemoOptions.Section);
        services.AddSingleton<DemoGate>();
        services.AddSingleton<ActAs>();
        services.AddSingleton<TeamsActAs>();
        services.AddSingleton<DemoSampleDeal>();
        if (services.Any(d => d.ServiceType == typeof(ConversationStore)))
        {
            services.AddSingleton<ITeamsInstallObserver, DemoTeamsInstall>(); // Teams is on (Teams:Enabled=false registers none of it)
        }

        services.AddSingleton<DemoSlackWorkspace>();
        services.AddSingleton<DemoSlackRelay>();
        services.AddHttpClient(DemoSlackRelay.ClientName);
        services.AddHostedService<DemoStartup>();

        // The renderer the adapters get: the shipped one, plus the demo's "Act as" buttons while the demo runs.
        var shipped = services.LastOrDefault(d => d.ServiceType == typeof(ICardRenderer))
            ?? throw new InvalidOperationException("AddDemo must come after AddCards.");
        services.Remove(shipped);
        services.AddSingleton<ICardRenderer>(sp => new DemoCardRenderer(
            (ICardRenderer)(shipped.ImplementationInstance
                ?? shipped.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, shipped.ImplementationType!)),
            sp.GetRequiredService<DemoGate>(),
            sp.GetRequiredService<Core.People.IPeopleDirectory>()));
        return services;
    }

    /// <summary>/demo/slack (the page, its state and the fake Slack Web API): mapped in Development only, and answered only while the demo runs (404 otherwise).</summary>
    public static WebApplication MapDemo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        var demo = app.MapGroup("/demo").AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<DemoGate>().IsOn ? await next(context) : Results.NotFound());
        DemoSlackPage.Map(demo);
        DemoSlackApi.Map(demo);
        return app;
    }
}
