using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;

namespace HandoffBot.Core.Timing;

/// <summary>
/// Messages meant for the AE and the CSM together. When both are on the platform of the CS channel
/// the brief was posted in, the message goes into the brief's thread (one place for both);
/// otherwise each gets it in a personal chat on their own platform.
/// </summary>
public sealed class HandoffMessages(HandoffService handoffs, Recipients recipients, Outbox outbox)
{
    public async Task SendToAeAndCsmAsync(Handoff handoff, Notification notification, string key, string messageKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var ae = await recipients.ResolveAsync(handoff.Routing.AeOwnerEmail, ct);
        var csm = await recipients.ResolveAsync(handoff.Deal.CsmEmail ?? handoff.Owner.Email, ct);
        var channel = handoffs.Playbook.SegmentNamed(handoff.Segment).CsChannel;
        if (handoff.Messages.TryGetValue(MessageKeys.Brief, out var brief) && channel is not null
            && brief.Conversation == channel.Address && ae.Platform == brief.Platform && csm.Platform == brief.Platform)
        {
            var posted = await outbox.ReplyAsync($"{key}/thread", brief, notification, ct);
            await RememberAsync(handoff.Id, messageKey, posted, ct);
            return;
        }

        foreach (var (person, side) in new[] { (ae, "ae"), (csm, "csm") }.DistinctBy(p => p.Item1.Email))
        {
            var sent = await outbox.ToPersonAsync($"{key}/to:{person.Email}", person, notification, ct);
            await RememberAsync(handoff.Id, $"{messageKey}:{side}", sent, ct);
        }
    }

    /// <summary>Shows the current state in every copy of a message sent with <see cref="SendToAeAndCsmAsync"/>.</summary>
    public async Task UpdateAsync(Handoff handoff, Notification notification, string messageKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        foreach (var key in new[] { messageKey, messageKey + ":ae", messageKey + ":csm" })
        {
            if (handoff.Messages.TryGetValue(key, out var message))
            {
                await outbox.UpdateAsync(message, notification, ct);
            }
        }
    }

    public async Task<MessageRef> ToPersonAsync(string key, string email, Notification notification, CancellationToken ct)
    {
        var person = await recipients.ResolveAsync(email, ct);
        return await outbox.ToPersonAsync($"{key}/to:{person.Email}", person, notification, ct);
    }

    public Task<Person> PersonAsync(string email, CancellationToken ct) => recipients.ResolveAsync(email, ct);

    public Task<Person?> FindAsync(string? email, CancellationToken ct) => recipients.FindAsync(email, ct);

    public Task<MessageRef> ReplyAsync(string key, MessageRef parent, Notification notification, CancellationToken ct) =>
        outbox.ReplyAsync(key, parent, notification, ct);

    public async Task RememberAsync(string handoffId, string messageKey, MessageRef? message, CancellationToken ct)
    {
        if (message is not null)
        {
            await handoffs.RememberMessageAsync(handoffId, messageKey, message, ct);
        }
    }
}
