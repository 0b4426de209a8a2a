using HandoffBot.Cards;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace HandoffBot.Teams;

/// <summary>
/// Installs and uninstalls (conversationUpdate and installationUpdate): remember the conversation
/// for proactive messages, link the person to the directory, welcome once; forget on removal. Only
/// from an activity whose serviceUrl its token vouches for (<see cref="ActivityTrust"/>).
/// </summary>
public sealed partial class InstallHandler(ConversationStore conversations, TeamsPeople people, ICardRenderer cards, ActivityTrust trust, IEnumerable<ITeamsInstallObserver> observers, ILogger<InstallHandler> logger)
{
    public async Task OnConversationUpdateAsync(ITurnContext<IConversationUpdateActivity> turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!trust.MayRemember(turn))
        {
            return;
        }
        var activity = turn.Activity;
        var botId = activity.Recipient.Id;
        if (activity.MembersAdded?.Any(m => m.Id == botId) == true)
        {
            await InstalledAsync(turn, ct);
        }
        else if (activity.MembersRemoved?.Any(m => m.Id == botId) == true)
        {
            Uninstalled(turn);
        }
    }

    public async Task OnInstallationUpdateAsync(ITurnContext<IInstallationUpdateActivity> turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!trust.MayRemember(turn))
        {
            return;
        }
        var action = turn.Activity.Action ?? "";
        if (action.StartsWith("add", StringComparison.OrdinalIgnoreCase))
        {
            await InstalledAsync(turn, ct);
        }
        else if (action.StartsWith("remove", StringComparison.OrdinalIgnoreCase))
        {
            Uninstalled(turn);
        }
    }

    private async Task InstalledAsync(ITurnContext turn, CancellationToken ct)
    {
        var activity = (Activity)turn.Activity;
        // Teams sends installationUpdate and conversationUpdate together: whichever stores the chat first welcomes.
        var team = activity.TeamsGetTeamInfo();
        if (IsPersonal(activity))
        {
            var person = await people.ResolveAsync(turn, ct);
            var isNew = conversations.Save(new StoredConversation(
                activity.Conversation.Id, ConversationKind.Personal, activity.ServiceUrl, TeamsPeople.TenantOf(activity),
                activity.From.Id, activity.From.AadObjectId, person?.Email, null, activity.GetConversationReference()));
            LogInstalled(logger, "personal", person is not null);
            if (isNew)
            {
                await turn.SendActivityAsync(CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, new WelcomeNotification(person), new CardState(Reader: person?.Email), ct)), ct);
            }

            foreach (var observer in observers)
            {
                await observer.OnPersonalInstalledAsync(turn, person, isNew, ct);
            }

            return;
        }

        var channelIsNew = SaveChannel(activity, activity.Conversation.Id, team?.Id);
        if (team?.Id is { } teamId)
        {
            // Every channel of the team, so a playbook's csChannel can name any of them.
            try
            {
                foreach (var channel in await TeamsInfo.GetTeamChannelsAsync(turn, teamId, ct))
                {
                    SaveChannel(activity, channel.Id, teamId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogChannelsUnavailable(logger, ex.GetType().Name);
            }
        }

        LogInstalled(logger, activity.Conversation.ConversationType ?? "channel", false);
        if (channelIsNew)
        {
            await turn.SendActivityAsync(CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, new WelcomeNotification(null), ct: ct)), ct);
        }
    }

    private bool SaveChannel(Activity activity, string conversationId, string? teamId)
    {
        var reference = activity.GetConversationReference();
        reference.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: conversationId, tenantId: TeamsPeople.TenantOf(activity));
        reference.ActivityId = null;
        return conversations.Save(new StoredConversation(
            conversationId, ConversationKind.Channel, activity.ServiceUrl, TeamsPeople.TenantOf(activity), null, null, null, teamId, reference));
    }

    private void Uninstalled(ITurnContext turn)
    {
        var activity = (Activity)turn.Activity;
        if (!IsPersonal(activity) && activity.TeamsGetTeamInfo()?.Id is { } teamId)
        {
            conversations.RemoveTeam(teamId);
        }

        conversations.Remove(activity.Conversation.Id);
        LogUninstalled(logger, activity.Conversation.ConversationType ?? "unknown");
    }

    internal static bool IsPersonal(IActivity activity) =>
        activity.Conversation.ConversationType is null or "personal" && activity.Conversation.IsGroup != true;

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Installed in a {Scope} conversation (person in directory: {Known})")]
    private static partial void LogInstalled(ILogger logger, string scope, bool known);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Information, Message = "Removed from a {Scope} conversation")]
    private static partial void LogUninstalled(ILogger logger, string scope);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Warning, Message = "Could not list the team's channels ({Reason})")]
    private static partial void LogChannelsUnavailable(ILogger logger, string reason);
}
