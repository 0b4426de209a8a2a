using System.Runtime.ExceptionServices;
using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Proactive Teams messages from stored conversation references. A person without a personal chat
/// gets one created from tenant + AAD id when Teams allows it; when it does not, the message goes to
/// the RevOps fallback with a note, so no handoff waits on a chat nobody can see. Finding or creating
/// the chat and rendering come first (plainly retryable); the send itself goes through the outbox,
/// which records the activity id Teams returns. Teams cannot be asked whether an earlier, cut-off
/// send arrived, so such a message follows Scheduler__ResendInDoubt (docs/timing.md).
/// </summary>
public sealed partial class TeamsNotifier(
    TeamsAdapter adapter,
    ConversationStore conversations,
    ICardRenderer cards,
    CardAudience audience,
    HandoffService handoffs,
    IPeopleDirectory directory,
    IServiceProvider services,
    IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsNotifier> logger) : IChatNotifier
{
    public ChatPlatform Platform => ChatPlatform.Teams;

    public async Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(message);
        var conversation = conversations.FindPersonal(person.Teams?.UserId, person.Teams?.AadObjectId, person.Email)
            ?? await CreatePersonalAsync(person, ct);
        if (conversation is null)
        {
            return await EscalateAsync(person, notification, message, ct);
        }

        var activity = await ActivityAsync(notification, person, shared: false, ct);
        return await DeliverAsync(message, conversation.Reference, activity, conversation.ConversationId, null, ct);
    }

    public async Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        var conversation = conversations.Find(channel.Address)
            ?? throw new TeamsUnreachableException("The bot is not installed in the team of the configured CS channel (playbook csChannel); install it there.");
        var activity = await ActivityAsync(notification, null, shared: true, ct);
        return await DeliverAsync(message, conversation.Reference, activity, conversation.ConversationId, null, ct);
    }

    public async Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(message);
        var conversation = Known(parent);
        var reference = Copy(conversation.Reference);
        if (conversation.Kind == ConversationKind.Channel)
        {
            // A channel thread is its own conversation: "<channel>;messageid=<root post>".
            reference.Conversation.Id = $"{conversation.ConversationId};messageid={parent.MessageId}";
        }

        var activity = await ActivityAsync(notification, null, conversation.Kind == ConversationKind.Channel, ct);
        return await DeliverAsync(message, reference, activity, parent.Conversation, parent.MessageId, ct);
    }

    public async Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversation = Known(message);
        var activity = await ActivityAsync(notification, null, conversation.Kind == ConversationKind.Channel, ct);
        await OnConnectorAsync(conversation.Reference, async client =>
        {
            activity.ApplyConversationReference(conversation.Reference);
            activity.Id = message.MessageId;
            activity.ReplyToId = null;
            await client.Conversations.UpdateActivityAsync(conversation.ConversationId, message.MessageId, activity, ct);
        }, ct);
    }

    /// <summary>The send itself, through the outbox: Teams has no look-up for an earlier send, so none is passed.</summary>
    private Task<MessageRef> DeliverAsync(OutboundMessage message, ConversationReference reference, Activity activity, string conversationId, string? replyTo, CancellationToken ct) =>
        message.DeliverAsync(
            async call => new MessageRef(ChatPlatform.Teams, conversationId, await SendAsync(reference, activity, call, replyTo)),
            Refused,
            null,
            ct);

    /// <summary>The connector answered and did not take the activity (4xx, 429, 503); other 5xx and broken connections prove nothing.</summary>
    private static bool Refused(Exception ex) => ex switch
    {
        TeamsRateLimitedException => true,
        ErrorResponseException { Response: { } response } => (int)response.StatusCode is (>= 400 and < 500 and not 408) or 503,
        _ => false,
    };

    private StoredConversation Known(MessageRef message) =>
        conversations.Find(message.Conversation.Split(";messageid=")[0])
        ?? throw new TeamsUnreachableException("The conversation of that message is no longer known (the bot was removed from it).");

    /// <summary>
    /// Sends through the turn's connector client directly: the SDK's TurnContext would turn every
    /// proactive send into a reply to the continuation activity, which in a channel starts no new post.
    /// </summary>
    private async Task<string> SendAsync(ConversationReference reference, Activity activity, CancellationToken ct, string? replyTo = null)
    {
        string? id = null;
        await OnConnectorAsync(reference, async client =>
        {
            activity.ApplyConversationReference(reference);
            activity.ReplyToId = replyTo;
            id = (await client.Conversations.SendToConversationAsync(reference.Conversation.Id, activity, ct))?.Id;
        }, ct);

        // Sent, but the connector gave no id: a made-up one still marks it delivered (no resend); it just cannot be updated.
        return id ?? "unknown-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>
    /// Runs <paramref name="call"/> with the connector client of a proactive turn. The adapter hands
    /// exceptions inside a turn to the turn error handler, which swallows them; here a failed send must
    /// reach the notify job (so it retries), so the exception is carried out of the turn and rethrown.
    /// </summary>
    private async Task OnConnectorAsync(ConversationReference reference, Func<IConnectorClient, Task> call, CancellationToken ct)
    {
        ExceptionDispatchInfo? failure = null;
        await adapter.ContinueConversationAsync(
            options.Value.MicrosoftAppId,
            Copy(reference),
            async (turn, _) =>
            {
                try
                {
                    await call(turn.TurnState.Get<IConnectorClient>());
                }
                catch (ErrorResponseException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
                {
                    // Still throttled after the client's retries (or asked to wait longer than it waits): the job waits instead.
                    failure = ExceptionDispatchInfo.Capture(new TeamsRateLimitedException(RetryAfter(ex.Response), ex));
                }
                catch (Exception ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
            },
            ct);
        failure?.Throw();
    }

    /// <summary>
    /// A personal message is rendered for its reader. A shared one (a channel post or thread) that only some
    /// may act on is rendered read-only for everyone, and the clients of those who may act refresh it with
    /// their buttons (Universal Actions); when none of them can be addressed yet, the buttons stay for all
    /// (a stranger who presses is refused).
    /// </summary>
    private async Task<Activity> ActivityAsync(Notification notification, Person? reader, bool shared, CancellationToken ct)
    {
        var state = new CardState(Reader: reader?.Email);
        if (shared && notification is BriefNotification or InternalHandoffNotification or KickoffNotification)
        {
            var actors = await audience.RefreshUserIdsAsync(Cards.Data.Audience.Actors(notification), ct);
            state = new CardState(ShowActions: actors.Count == 0, RefreshUserIds: actors);
        }

        return CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, notification, state, ct));
    }

    /// <summary>Opens a 1:1 chat from tenant + Teams/AAD id, using a service URL seen in that tenant; null when Teams refuses or nothing is known.</summary>
    private async Task<StoredConversation?> CreatePersonalAsync(Person person, CancellationToken ct)
    {
        var member = person.Teams?.UserId ?? person.Teams?.AadObjectId;
        var tenant = person.Teams?.TenantId;
        var serviceUrl = conversations.ServiceUrlFor(tenant) ?? NullIfEmpty(options.Value.DefaultServiceUrl);
        if (member is null || serviceUrl is null)
        {
            return null;
        }

        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Members = [new ChannelAccount(member)],
            TenantId = tenant,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(tenant) },
        };
        ConversationReference? created = null;
        try
        {
            await adapter.CreateConversationAsync(
                options.Value.MicrosoftAppId, "msteams", serviceUrl, null, parameters,
                (turn, _) =>
                {
                    created = turn.Activity.GetConversationReference();
                    return Task.CompletedTask;
                },
                ct);
        }
        catch (ErrorResponseException ex) when (ex.Response?.StatusCode is { } status && (int)status is >= 400 and < 500 and not 429)
        {
            // The bot is not installed for this person (or not allowed to reach them): a permanent answer.
            LogCannotCreate(logger, (int)status);
            return null;
        }

        if (created?.Conversation?.Id is null)
        {
            return null;
        }

        var stored = new StoredConversation(created.Conversation.Id, ConversationKind.Personal, serviceUrl, tenant, person.Teams?.UserId, person.Teams?.AadObjectId, person.Email, null, created);
        conversations.Save(stored);
        return stored;
    }

    private TimeSpan RetryAfter(Microsoft.Rest.HttpResponseMessageWrapper response)
    {
        var value = response.Headers?.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - time.GetUtcNow()).Ticks))
            : TimeSpan.FromSeconds(1);
    }

    private async Task<MessageRef> EscalateAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        var fallbackEmail = Emails.Normalize(handoffs.Playbook.RevOpsFallback);
        if (Emails.Normalize(person.Email) == fallbackEmail)
        {
            throw new TeamsUnreachableException("The RevOps fallback has no personal chat with the bot in Teams; they need to install it.");
        }

        var fallback = await directory.FindAsync(fallbackEmail, ct)
            ?? throw new TeamsUnreachableException("The RevOps fallback is not in the people directory.");
        LogEscalated(logger, notification.GetType().Name);
        var notifier = services.GetRequiredService<NotifierRegistry>().For(fallback.Platform);
        await notifier.SendToPersonAsync(
            fallback,
            new TextNotification($"I could not reach {person.Name} ({person.Email}) in Teams: they have not installed HandoffBot (or Teams refused a chat with them). Please ask them to install it. Here is what they should have received:"),
            message.Part("fallback-note"),
            ct);
        return await notifier.SendToPersonAsync(fallback, notification, message.Part("fallback"), ct);
    }

    private static ConversationReference Copy(ConversationReference reference) =>
        Newtonsoft.Json.JsonConvert.DeserializeObject<ConversationReference>(Newtonsoft.Json.JsonConvert.SerializeObject(reference))!;

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [LoggerMessage(EventId = 4160, Level = LogLevel.Warning, Message = "Teams refused a new personal chat ({Status})")]
    private static partial void LogCannotCreate(ILogger logger, int status);

    [LoggerMessage(EventId = 4161, Level = LogLevel.Warning, Message = "A {Notification} could not reach its recipient in Teams; sent to the RevOps fallback")]
    private static partial void LogEscalated(ILogger logger, string notification);
}

/// <summary>Teams cannot deliver this now (no conversation known); the job retries and its failure is reported.</summary>
public sealed class TeamsUnreachableException(string message) : Exception(message), Core.Scheduling.IExpectedCondition;

/// <summary>The Bot Connector keeps answering 429: the job is put off until <see cref="RetryAfter"/> (<see cref="IRetryAfter"/>).</summary>
public sealed class TeamsRateLimitedException(TimeSpan retryAfter, Exception inner)
    : Exception($"The Bot Connector is throttling; retry after {retryAfter.TotalSeconds:0}s", inner), Core.Scheduling.IRetryAfter
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
