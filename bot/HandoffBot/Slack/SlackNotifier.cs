using System.Collections.Concurrent;
using HandoffBot.Cards;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;
using HandoffBot.Slack.Api;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

/// <summary>
/// Delivers notifications in Slack: DMs through conversations.open, channel posts, thread replies
/// and in-place updates through chat.*. Called from durable jobs, so a throw means "retry later".
/// A post looks the person up, opens the DM, renders and waits for the channel's turn first — all
/// plainly retryable — and only then goes through the outbox with its key in the message metadata
/// (<see cref="SlackPostFinder"/>), so a post cut off mid-call is found, not doubled.
/// </summary>
public sealed class SlackNotifier(
    IChatApi chat,
    IConversationsApi conversations,
    SlackPeople people,
    ICardRenderer cards,
    ChannelPacer pacer,
    SlackPostFinder finder,
    IOptions<SlackOptions> options) : IChatNotifier
{
    private readonly ConcurrentDictionary<string, string> dmChannels = new(StringComparer.Ordinal);

    public ChatPlatform Platform => ChatPlatform.Slack;

    public async Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        EnsureEnabled();
        var channel = await DirectChannelAsync(person, ct);
        return await PostAsync(channel, notification, null, message, ct, person.Email);
    }

    public Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        EnsureEnabled();
        return PostAsync(channel.Address, notification, null, message, ct);
    }

    public Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        EnsureEnabled();
        return PostAsync(parent.Conversation, notification, parent.MessageId, message, ct);
    }

    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct) =>
        UpdateAsync(message, notification, null, ct);

    /// <summary>An in-place update with a card state (a banner such as "Saved — 2 fields to go").</summary>
    public async Task UpdateAsync(MessageRef message, Notification notification, CardState? state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureEnabled();
        var card = await cards.RenderAsync(ChatPlatform.Slack, notification, state, ct);
        await chat.UpdateAsync(message.Conversation, message.MessageId, card.Text, card.Payload, ct);
    }

    /// <summary>The DM channel with the person (conversations.open once per user, then remembered).</summary>
    public async Task<string> DirectChannelAsync(Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var userId = await people.UserIdAsync(person, ct)
            ?? throw new SlackApiException("users.lookupByEmail", "users_not_found", "The person has no Slack account with their directory email.");
        if (dmChannels.TryGetValue(userId, out var known))
        {
            return known;
        }

        var channel = await conversations.OpenAsync(userId, ct);
        dmChannels[userId] = channel;
        return channel;
    }

    /// <summary>A rendered card posted once (see <see cref="Outbox.SendAsync"/>): waits for the channel's turn, then delivers with its key in the metadata.</summary>
    public async Task<MessageRef> PostCardAsync(string channel, RenderedCard card, string? threadTs, OutboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(message);
        EnsureEnabled();
        var post = new SlackPost(channel, card.Text, card.Payload, threadTs, SlackPostFinder.Metadata(message));
        await pacer.WaitTurnAsync(channel, ct);
        return await message.DeliverAsync(
            async call =>
            {
                var posted = await chat.PostMessageNowAsync(post, call);
                return new MessageRef(ChatPlatform.Slack, posted.Channel, posted.Ts);
            },
            Refused,
            (since, call) => finder.FindAsync(channel, threadTs, message.Tag, since, call),
            ct);
    }

    /// <summary>A DM is rendered for its reader (names, "you", their zone, their buttons); a channel post for everyone.</summary>
    private async Task<MessageRef> PostAsync(string channel, Notification notification, string? threadTs, OutboundMessage message, CancellationToken ct, string? reader = null)
    {
        var card = await cards.RenderAsync(ChatPlatform.Slack, notification, new CardState(Reader: reader), ct);
        return await PostCardAsync(channel, card, threadTs, message, ct);
    }

    /// <summary>Slack answered and did not take the message (ok:false, 429). A 5xx or a broken connection proves nothing.</summary>
    private static bool Refused(Exception ex) => ex is SlackApiException and not SlackUnavailableException;

    private void EnsureEnabled()
    {
        if (!options.Value.Sends)
        {
            throw new PlatformDisabledException(ChatPlatform.Slack);
        }
    }
}
