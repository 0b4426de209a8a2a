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

    public Task<MessageRef> SendToPersonAsync(Person person, Notification notification, CancellationToken ct) => Record("send", notification);

    public Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, CancellationToken ct) => Record("post", notification);

    public Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, CancellationToken ct) => Record("reply", notification);

    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct) => Record("update", notification);

    private Task<MessageRef> Record(string operation, Notification notification)
    {
        Calls.Enqueue((operation, notification));
        return Task.FromResult(new MessageRef(Platform, "conversation-1", "message-" + Interlocked.Increment(ref next)));
    }
}
