using System.Collections.Concurrent;
using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using HandoffBot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HandoffBot.Demo;

/// <summary>
/// What the demo does when the playground opens the personal chat: knows the demo CS channel from then
/// on (in Teams the bot learns a channel when it is added to the team; the playground's team always has
/// it), sends the sample deal the first time, and — since the playground keeps no history when its page
/// is opened again — welcomes again and brings back the context form while it still waits for the AE.
/// </summary>
public sealed partial class DemoTeamsInstall(
    DemoGate gate,
    DemoSampleDeal sample,
    ConversationStore conversations,
    HandoffService handoffs,
    IPeopleDirectory directory,
    Outbox outbox,
    ICardRenderer cards,
    TimeProvider time,
    ILogger<DemoTeamsInstall> logger) : ITeamsInstallObserver
{
    /// <summary>One page load sends two install events: the second within this is the same opening.</summary>
    private static readonly TimeSpan SameOpening = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> welcomed = new(StringComparer.Ordinal);

    public async Task OnPersonalInstalledAsync(ITurnContext turn, Person? person, bool isNew, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!gate.IsOn || gate.Options.Platform != ChatPlatform.Teams)
        {
            return;
        }

        var activity = (Activity)turn.Activity;
        KnowDemoChannel(activity);
        var now = time.GetUtcNow();
        var last = welcomed.TryGetValue(activity.Conversation.Id, out var at) ? at : DateTimeOffset.MinValue;
        welcomed[activity.Conversation.Id] = now;
        if (await sample.SendOnceAsync(ct))
        {
            return; // the first opening: the welcome went out, the context form follows
        }

        if (isNew || now - last < SameOpening)
        {
            return;
        }

        // Opened again: the playground shows empty chats. Welcome again, and what still waits for someone.
        await turn.SendActivityAsync(CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, new WelcomeNotification(person), new CardState(Reader: person?.Email), ct)), ct);
        var again = $"demo:again:{now.ToUnixTimeMilliseconds()}";
        switch (await sample.FindAsync(ct))
        {
            case { Stage: Stage.ContextCapture } capture when await directory.FindAsync(capture.Routing.AeOwnerEmail ?? capture.Deal.AeEmail, ct) is { } ae:
                await outbox.ToPersonAsync(again, ae, new ContextRequestNotification(capture, handoffs.CompletenessOf(capture)), ct);
                LogShownAgain(logger, "context form");
                break;
            case { Stage: Stage.CsReview } review:
                await outbox.ToChannelAsync(again, new ChannelAddress(ChatPlatform.Teams, DemoSettings.TeamsChannel), new BriefNotification(review, handoffs.CompletenessOf(review)), ct);
                LogShownAgain(logger, "brief");
                break;
        }
    }

    private void KnowDemoChannel(Activity activity)
    {
        if (conversations.Contains(DemoSettings.TeamsChannel))
        {
            return;
        }

        var tenant = TeamsPeople.TenantOf(activity);
        var reference = activity.GetConversationReference();
        reference.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: DemoSettings.TeamsChannel, tenantId: tenant);
        reference.ActivityId = null;
        reference.User = null;
        conversations.Save(new StoredConversation(DemoSettings.TeamsChannel, ConversationKind.Channel, activity.ServiceUrl, tenant, null, null, null, DemoSettings.TeamsTeam, reference));
        LogChannel(logger);
    }

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Demo: briefs go to the Handoffs channel of the playground's Customer Success team")]
    private static partial void LogChannel(ILogger logger);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Information, Message = "Demo: the playground was opened again (it keeps no history): the welcome and the waiting {What} are shown again")]
    private static partial void LogShownAgain(ILogger logger, string what);
}
