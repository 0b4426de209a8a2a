using System.Collections.Concurrent;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Tests.Brief;

/// <summary>A chat platform that records what it was asked to send (stands in for the Teams/Slack adapters).</summary>
public sealed class RecordingNotifier(ChatPlatform platform) : IChatNotifier
{
    private int next;

    public ChatPlatform Platform { get; } = platform;

    public ConcurrentQueue<(string Operation, Notification Notification)> Calls { get; } = new();

    public Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("send", notification), _ => true, null, ct);

    public Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("post", notification), _ => true, null, ct);

    public Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("reply", notification), _ => true, null, ct);

    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct) => Record("update", notification);

    private Task<MessageRef> Record(string operation, Notification notification)
    {
        Calls.Enqueue((operation, notification));
        return Task.FromResult(new MessageRef(Platform, "conversation-1", "message-" + Interlocked.Increment(ref next)));
    }
}
