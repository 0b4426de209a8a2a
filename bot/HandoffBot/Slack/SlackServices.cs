using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;
using HandoffBot.Http;
using HandoffBot.Options;
using HandoffBot.Slack.Api;
using HandoffBot.Slack.Handlers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

public static class SlackServices
{
    /// <summary>The Slack adapter: Web API client, identity, notifier, inbox and one handler per interaction.</summary>
    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddValidatedOptions<SlackOptions>(SlackOptions.Section);
        services.AddSlackWebApiClient();
        services.AddSingleton<ChannelPacer>();
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackApis>();
        services.AddSingleton<IChatApi>(sp => sp.GetRequiredService<SlackApis>());
        services.AddSingleton<IConversationsApi>(sp => sp.GetRequiredService<SlackApis>());
        services.AddSingleton<IViewsApi>(sp => sp.GetRequiredService<SlackApis>());
        services.AddSingleton<IUsersApi>(sp => sp.GetRequiredService<SlackApis>());
        services.AddSingleton<IAuthApi>(sp => sp.GetRequiredService<SlackApis>());
        services.TryAddSingleton<Core.Application.Actions.UserActionService>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<SlackPostFinder>();
        services.AddSingleton<SlackRequestBudget>();
        services.AddSingleton<SlackNotifier>();
        services.AddSingleton<IChatNotifier>(sp => sp.GetRequiredService<SlackNotifier>());

        // The inbox (IJobInbox) comes with the storage: a log beside the LiteDB file, or the shared database.
        services.AddSingleton<MessageRefresher>();
        services.AddSingleton<BlockActionHandler>();
        services.AddSingleton<ModalOpener>();
        services.AddSingleton<ViewSubmissionHandler>();
        services.AddSingleton<SlashCommandHandler>();
        services.AddSingleton<ISlackEventHandler, AppHomeOpenedHandler>();
        services.AddSingleton<ISlackEventHandler, DirectMessageHandler>();
        services.AddSingleton<ISlackEventHandler, AppMentionHandler>();
        services.AddSingleton<IJobHandler, SlackJobHandler>();

        // Two lines: what Slack sends us (needs the signing secret) and what we send Slack (needs the bot token) are off separately.
        services.AddIntegrationStatus(sp => new IntegrationStatus(
            "Slack POST /api/slack/events, /api/slack/interactions, /api/slack/commands",
            !string.IsNullOrEmpty(sp.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret),
            "every request is refused (401) until Slack__SigningSecret is set"));
        services.AddIntegrationStatus(sp => new IntegrationStatus(
            "Slack messages",
            sp.GetRequiredService<IOptions<SlackOptions>>().Value.Sends,
            "none are sent until Slack__BotToken is set (they wait in the job queue)"));
        return services;
    }

    /// <summary>The Slack Web API's HTTP client: base address, and retries from the resilience pipeline on the injected clock.</summary>
    public static IServiceCollection AddSlackWebApiClient(this IServiceCollection services)
    {
        services.AddHttpClient(SlackApiClient.HttpClientName, (sp, http) =>
            {
                http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl);
                // Each attempt has its own limit in the pipeline (on the injected clock), the whole call the caller's token.
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddPlatformResilience("slack", sp =>
            {
                var settings = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
                return new PlatformRetry(
                    settings.MaxAttempts - 1,
                    TimeSpan.FromSeconds(1),
                    TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds),
                    TimeSpan.FromSeconds(settings.RequestTimeoutSeconds),
                    SlackApiClient.Delivers);
            });
        return services;
    }
}
