using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Notifications;

/// <summary>
/// Sends proactive messages through the platform notifiers with an idempotency key each: the key
/// is reserved in the <see cref="IDeliveryLog"/> before the platform is called. A known key is not
/// sent again (its earlier message is returned); a key left "in doubt" by a crash is not resent
/// and null is returned. A failed call releases the key so the job's retry sends it.
/// </summary>
public sealed class Outbox(NotifierRegistry notifiers, IDeliveryLog log, TimeProvider time)
{
    public IReadOnlyCollection<ChatPlatform> Enabled => notifiers.Enabled;

    public Task<MessageRef?> ToPersonAsync(string key, Person person, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SendAsync(key, () => notifiers.For(person.Platform).SendToPersonAsync(person, notification, ct), ct);
    }

    /// <summary>To a person on a given platform (e.g. the other one, when theirs is down).</summary>
    public Task<MessageRef?> ToPersonOnAsync(string key, ChatPlatform platform, Person person, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        return SendAsync(key, () => notifiers.For(platform).SendToPersonAsync(person with { Platform = platform }, notification, ct), ct);
    }

    public Task<MessageRef?> ToChannelAsync(string key, ChannelAddress channel, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return SendAsync(key, () => notifiers.For(channel.Platform).PostToChannelAsync(channel, notification, ct), ct);
    }

    public Task<MessageRef?> ReplyAsync(string key, MessageRef parent, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return SendAsync(key, () => notifiers.For(parent.Platform).ReplyAsync(parent, notification, ct), ct);
    }

    /// <summary>Updates replace a message in place, so repeating one is harmless: no key needed.</summary>
    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return notifiers.For(message.Platform).UpdateAsync(message, notification, ct);
    }

    private async Task<MessageRef?> SendAsync(string key, Func<Task<MessageRef>> send, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var claim = await log.BeginAsync(key, time.GetUtcNow(), ct);
        switch (claim.Outcome)
        {
            case DeliveryOutcome.AlreadySent:
                return claim.Message;
            case DeliveryOutcome.InDoubt:
                return null;
        }

        MessageRef sent;
        try
        {
            sent = await send();
        }
        catch (OperationCanceledException)
        {
            // Cut off mid-call: the platform may have the message. The key stays reserved (in doubt).
            throw;
        }
        catch
        {
            // The platform refused or was unreachable before answering: not sent, a retry may send it.
            await log.ReleaseAsync(key, CancellationToken.None);
            throw;
        }

        await log.SentAsync(key, sent, time.GetUtcNow(), CancellationToken.None);
        return sent;
    }
}
