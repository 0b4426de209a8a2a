using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Notifications;

/// <summary>
/// Sends proactive messages through the platform notifiers, each with an idempotency key: at least
/// once, and no doubles in practice. A key already sent is not sent again (its message is returned)
/// and costs no platform call. Otherwise the notifier prepares and calls back through
/// <see cref="OutboundMessage.DeliverAsync"/> right before the platform call, so only a call that
/// may have reached the platform leaves the message in doubt; the next attempt then asks the
/// platform (Slack) or follows <see cref="DeliveryPolicy"/> (Teams). See docs/timing.md.
/// </summary>
public sealed class Outbox(NotifierRegistry notifiers, IDeliveryLog log, TimeProvider time, DeliveryPolicy policy)
{
    public IReadOnlyCollection<ChatPlatform> Enabled => notifiers.Enabled;

    public Task<MessageRef> ToPersonAsync(string key, Person person, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SendAsync(key, message => notifiers.For(person.Platform).SendToPersonAsync(person, notification, message, ct), ct);
    }

    /// <summary>To a person on a given platform (e.g. the other one, when theirs is down).</summary>
    public Task<MessageRef> ToPersonOnAsync(string key, ChatPlatform platform, Person person, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SendAsync(key, message => notifiers.For(platform).SendToPersonAsync(person with { Platform = platform }, notification, message, ct), ct);
    }

    public Task<MessageRef> ToChannelAsync(string key, ChannelAddress channel, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return SendAsync(key, message => notifiers.For(channel.Platform).PostToChannelAsync(channel, notification, message, ct), ct);
    }

    public Task<MessageRef> ReplyAsync(string key, MessageRef parent, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return SendAsync(key, message => notifiers.For(parent.Platform).ReplyAsync(parent, notification, message, ct), ct);
    }

    /// <summary>Updates replace a message in place, so repeating one is harmless: no key needed.</summary>
    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return notifiers.For(message.Platform).UpdateAsync(message, notification, ct);
    }

    /// <summary>
    /// A message of an adapter's own (e.g. the answer to a command typed in a DM) with the same promise:
    /// <paramref name="send"/> prepares and calls <see cref="OutboundMessage.DeliverAsync"/>.
    /// </summary>
    public async Task<MessageRef> SendAsync(string key, Func<OutboundMessage, Task<MessageRef>> send, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (await log.FindAsync(key, ct) is { State: DeliveryState.Sent, Message: { } done })
        {
            return done;
        }

        var message = new OutboundMessage(key, log, time, policy);
        var sent = await send(message);
        if (!message.Recorded)
        {
            // Delivered through parts of its own (e.g. forwarded to a fallback person): the whole is sent too.
            await message.RecordAsync(sent);
        }

        return sent;
    }
}
