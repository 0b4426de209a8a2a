using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Benchmarks;

/// <summary>A platform that accepts everything at once: what is measured is the bot's own cost.</summary>
public sealed class FakeNotifier(ChatPlatform platform) : IChatNotifier
{
    private int sent;

    public ChatPlatform Platform { get; } = platform;

    public int Sent => sent;

    public Task<MessageRef> SendToPersonAsync(Person person, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Ok(person.Email), _ => true, null, ct);

    public Task<MessageRef> PostToChannelAsync(ChannelAddress channel, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Ok(channel.Address), _ => true, null, ct);

    public Task<MessageRef> ReplyAsync(MessageRef parent, Notification notification, OutboundMessage message, CancellationToken ct) =>
        message.DeliverAsync(_ => Ok(parent.Conversation), _ => true, null, ct);

    public Task UpdateAsync(MessageRef message, Notification notification, CancellationToken ct) => Task.CompletedTask;

    private Task<MessageRef> Ok(string to) => Task.FromResult(new MessageRef(Platform, to, "m" + Interlocked.Increment(ref sent)));
}
