using System.Collections.Concurrent;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Tests.Support;

/// <summary>A fake platform: records every delivery, and can be told to fail (platform down).</summary>
public sealed class RecordingNotifier(ChatPlatform platform) : IChatNotifier
{
    private int next;

    public ChatPlatform Platform { get; } = platform;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>When set, every call throws it (e.g. an HttpRequestException: the platform is down).</summary>
    public Exception? FailWith { get; set; }

    // A fake platform that fails answers at once: its failures count as refusals (nothing delivered). It has no
    // look-up for an earlier send, like Teams.
    public Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("person", person.Email, notification), _ => true, null, ct);

    public Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("channel", channel.Address, notification), _ => true, null, ct);

    public Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Record("reply", parent.MessageId, notification), _ => true, null, ct);

    public async Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct) =>
        await Record("update", message.MessageId, notification);

    public IReadOnlyList<Delivery> Of<T>()
        where T : Notification => [.. Deliveries.Where(d => d.Notification is T)];

    private Task<MessageRef> Record(string how, string to, Notification notification)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        var id = $"m{Interlocked.Increment(ref next)}";
        Deliveries.Enqueue(new Delivery(how, to, notification, id));
        return Task.FromResult(new MessageRef(Platform, to, id));
    }

    public sealed record Delivery(string How, string To, Notification Notification, string MessageId);
}
