using HandoffBot.Core.Notifications;
using HandoffBot.Options;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

public static partial class TeamsServices
{
    public const string ConnectorClientName = "teams-connector";

    /// <summary>The Teams adapter: /api/messages, the Teams notifier, install/command/card-action handlers. Off with Teams:Enabled=false.</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<TeamsOptions>(TeamsOptions.Section);
        services.AddSingleton<Cli.ICliCommand, TeamsPackageCommand>();
        if (!configuration.GetValue(TeamsOptions.Section + ":" + nameof(TeamsOptions.Enabled), true))
        {
            return services;
        }

        // No per-request log lines (four per reply at Information, each naming the conversation); the retry
        // pipeline logs what matters (429/5xx), and the turn error handler the rest.
        services.AddHttpClient(ConnectorClientName).RemoveAllLoggers().AddConnectorResilience();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication(
            configuration.GetSection(TeamsOptions.Section),
            httpClientFactory: new NamedClientFactory(sp.GetRequiredService<IHttpClientFactory>(), ConnectorClientName),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));
        services.AddSingleton<TurnErrorHandler>();
        services.AddSingleton<TeamsAdapter>();
        services.AddSingleton<DuplicateActivities>();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<CardAudience>();
        services.AddSingleton<InstallHandler>();
        services.AddSingleton<CommandHandler>();
        services.AddSingleton<CardActionHandler>();
        services.AddSingleton<TeamsBot>();
        services.AddSingleton<IChatNotifier, TeamsNotifier>();
        return services;
    }

    public static WebApplication MapTeams(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        if (options.IsAnonymous)
        {
            LogAnonymous(app.Logger);
        }

        app.MapPost(MessagesEndpoint.Route, MessagesEndpoint.HandleAsync).DisableAntiforgery();
        return app;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Teams: MicrosoftAppId is empty, so /api/messages accepts unauthenticated requests (local use only). Set Teams__MicrosoftAppId and Teams__MicrosoftAppPassword in production.")]
    private static partial void LogAnonymous(ILogger logger);

    /// <summary>The SDK asks for the default client; it gets the one with the connector retry handler.</summary>
    private sealed class NamedClientFactory(IHttpClientFactory inner, string name) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name1) => inner.CreateClient(name);
    }
}
