using HandoffBot.Core.Notifications;
using HandoffBot.Hosting;
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

        // One resolution of the Bot Framework settings (Teams section or root names) for our options and the SDK alike.
        services.AddSingleton(sp => BotFrameworkSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddOptions<TeamsOptions>().PostConfigure<BotFrameworkSettings>((o, s) =>
        {
            o.MicrosoftAppId = s.MicrosoftAppId;
            o.MicrosoftAppPassword = s.MicrosoftAppPassword;
            o.MicrosoftAppTenantId = s.MicrosoftAppTenantId;
            o.MicrosoftAppType = s.MicrosoftAppType;
        });
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsStartupCheck>();
        services.AddIntegrationStatus(Status);
        services.AddSingleton<Cli.ICliCommand, TeamsPackageCommand>();
        if (!configuration.GetValue(TeamsOptions.Section + ":" + nameof(TeamsOptions.Enabled), true))
        {
            return services;
        }

        // No per-request log lines (four per reply at Information, each naming the conversation); the retry
        // pipeline logs what matters (429/5xx), and the turn error handler the rest.
        services.AddHttpClient(ConnectorClientName).RemoveAllLoggers().AddConnectorResilience();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<BotFrameworkSettings>().ToConfiguration(),
            httpClientFactory: new NamedClientFactory(sp.GetRequiredService<IHttpClientFactory>(), ConnectorClientName),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));
        services.AddSingleton<ActivityTrust>();
        services.AddSingleton<TurnErrorHandler>();
        services.AddSingleton<TeamsAdapter>();
        services.AddSingleton<DuplicateActivities>();
        services.AddSingleton<ActivityLedgerWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivityLedgerWriter>());
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
        TeamsOptions options;
        try
        {
            options = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            // Said once in the log as well, then the start-up stops (non-zero exit) with the same message.
            LogRefusedToStart(app.Logger, string.Join(" ", ex.Failures));
            throw;
        }

        if (!options.Enabled)
        {
            return app;
        }

        if (options.IsAnonymous && app.Environment.IsDevelopment())
        {
            LogAnonymous(app.Logger);
        }
        else if (options.IsAnonymous)
        {
            LogAnonymousUnsafe(app.Logger, app.Environment.EnvironmentName);
        }

        app.MapPost(MessagesEndpoint.Route, MessagesEndpoint.HandleAsync).DisableAntiforgery();
        return app;
    }

    /// <summary>What the start-up log says about Teams: which endpoint, and whether (and how) it checks who is calling.</summary>
    private static IntegrationStatus Status(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var settings = sp.GetRequiredService<BotFrameworkSettings>();
        var detail = options.IsAnonymous
            ? "ANONYMOUS: unsigned activities are accepted and trusted as sent — NEVER reachable from outside this machine"
            : $"(Bot Connector tokens required for app {options.MicrosoftAppId} from {settings.SourceOf(BotFrameworkSettings.AppId)}, {options.MicrosoftAppType}; a token must be issued for the activity's serviceUrl)";
        return new IntegrationStatus(
            "Teams POST /api/messages",
            options.Enabled,
            "Teams__Enabled=false: /api/messages is not served (404) and Teams messages wait in the job queue",
            options.Enabled ? detail : null);
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Critical, Message = "Teams: refusing to start. {Problems}")]
    private static partial void LogRefusedToStart(ILogger logger, string problems);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Teams: anonymous (no MicrosoftAppId, Development) — POST /api/messages accepts unsigned activities and trusts them as sent: anyone who can reach it can act as any Teams user and re-point stored conversations. Set MicrosoftAppId and MicrosoftAppPassword (or Teams__…) before the bot is reachable from anywhere else.")]
    private static partial void LogAnonymous(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Teams: UNSAFE — anonymous in the {Environment} environment because Teams__AllowUnauthenticatedUnsafe=true. POST /api/messages accepts UNSIGNED activities from anyone and acts on them as the Teams user they name. Only for a closed test rig; set MicrosoftAppId and MicrosoftAppPassword for anything real.")]
    private static partial void LogAnonymousUnsafe(ILogger logger, string environment);

    /// <summary>The SDK asks for the default client; it gets the one with the connector retry handler.</summary>
    private sealed class NamedClientFactory(IHttpClientFactory inner, string name) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name1) => inner.CreateClient(name);
    }
}
