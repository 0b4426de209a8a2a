using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Notifications;

/// <summary>
/// One chat platform's way of delivering notifications (Teams, Slack). Implemented by the adapters.
/// Each send prepares (look-ups, opening a chat, pacing, rendering), then makes its one delivering
/// call through <see cref="OutboundMessage.DeliverAsync"/>, which keeps the outbox's promise.
/// </summary>
public interface IChatNotifier
{
    ChatPlatform Platform { get; }

    /// <summary>A personal message (Teams personal chat, Slack DM).</summary>
    Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct);

    Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct);

    /// <summary>A reply in the thread of an earlier message.</summary>
    Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct);

    /// <summary>Replaces an earlier message in place (e.g. the brief after Accept).</summary>
    Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct);
}

/// <summary>The platform is not enabled in this deployment; the job waits and retries until it is or gives up.</summary>
public sealed class PlatformDisabledException(ChatPlatform platform)
    : Exception($"{platform} is not enabled: configure it (see README, Configuration) or move the person to the other platform."), Scheduling.IExpectedCondition
{
    public ChatPlatform Platform { get; } = platform;
}
