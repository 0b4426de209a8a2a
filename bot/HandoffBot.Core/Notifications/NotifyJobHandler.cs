using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Notifications;

/// <summary>
/// Delivers the notification jobs. Each job reads the handoff as it is now, so a message that is
/// no longer relevant (the stage moved on while the job waited) is skipped, not sent stale. Every
/// send goes through the <see cref="Outbox"/> keyed by the job: a retry never sends a delivered
/// message twice, and a message that cannot be delivered fails the job (reported), never "done".
/// </summary>
public sealed class NotifyJobHandler(HandoffService handoffs, IPeopleDirectory directory, Outbox outbox) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        NotificationPlanner.ContextRequest, NotificationPlanner.ContextRequestUpdate, NotificationPlanner.Brief, NotificationPlanner.BriefUpdate,
        NotificationPlanner.QuestionToAe, NotificationPlanner.AnswerToCs,
    ];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var handoff = await handoffs.GetAsync(job.HandoffId ?? "", ct)
            ?? throw new PermanentJobFailure($"Handoff {job.HandoffId} no longer exists.");
        switch (job.Kind)
        {
            case NotificationPlanner.ContextRequest when handoff.Stage == Stage.ContextCapture:
                var person = await RecipientAsync(handoff.Routing.AeOwnerEmail, ct);
                var sent = await outbox.ToPersonAsync(job.IdempotencyKey, person, new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff)), ct);
                await RememberAsync(handoff.Id, MessageKeys.ContextRequest, sent, ct);
                break;
            case NotificationPlanner.ContextRequestUpdate when handoff.Stage == Stage.ContextCapture && handoff.Messages.TryGetValue(MessageKeys.ContextRequest, out var card):
                // Not sent yet: the pending context request will render the draft itself.
                await outbox.UpdateAsync(card, new ContextRequestNotification(handoff, handoffs.CompletenessOf(handoff)), ct);
                break;
            case NotificationPlanner.Brief when handoff.Stage == Stage.CsReview:
                await PostBriefAsync(handoff, job.IdempotencyKey, ct);
                break;
            case NotificationPlanner.BriefUpdate when handoff.Messages.TryGetValue(MessageKeys.Brief, out var brief):
                await outbox.UpdateAsync(brief, new BriefNotification(handoff, handoffs.CompletenessOf(handoff)), ct);
                break;
            case NotificationPlanner.QuestionToAe when Question(handoff, job) is { IsOpen: true } question:
                var ae = await RecipientAsync(handoff.Routing.AeOwnerEmail, ct);
                var asked = await outbox.ToPersonAsync(job.IdempotencyKey, ae, new QuestionNotification(handoff, question), ct);
                await RememberAsync(handoff.Id, MessageKeys.Question(question.Id), asked, ct);
                break;
            case NotificationPlanner.AnswerToCs when Question(handoff, job) is { IsOpen: false } answered:
                var note = new AnswerNotification(handoff, answered);
                if (handoff.Messages.TryGetValue(MessageKeys.Brief, out var parent))
                {
                    await outbox.ReplyAsync(job.IdempotencyKey, parent, note, ct);
                }
                else
                {
                    var asker = await RecipientAsync(answered.AskedBy, ct);
                    await outbox.ToPersonAsync(job.IdempotencyKey, asker, note, ct);
                }

                break;
            default:
                // The handoff moved on while the job waited: nothing to send.
                break;
        }
    }

    private async Task PostBriefAsync(Handoff handoff, string key, CancellationToken ct)
    {
        var notification = new BriefNotification(handoff, handoffs.CompletenessOf(handoff));
        if (handoff.Messages.TryGetValue(MessageKeys.Brief, out var existing))
        {
            // Back in review after a rejection: the same brief message shows the new state.
            await outbox.UpdateAsync(existing, notification, ct);
            return;
        }

        var channel = handoffs.Playbook.SegmentNamed(handoff.Segment).CsChannel;
        MessageRef posted;
        if (channel is not null)
        {
            posted = await outbox.ToChannelAsync(key, channel, notification, ct);
        }
        else
        {
            var owner = await RecipientAsync(handoff.Owner.Email, ct);
            posted = await outbox.ToPersonAsync(key, owner, notification, ct);
        }

        await RememberAsync(handoff.Id, MessageKeys.Brief, posted, ct);
    }

    private Task RememberAsync(string id, string key, MessageRef message, CancellationToken ct) =>
        handoffs.RememberMessageAsync(id, key, message, ct);

    private static Question? Question(Handoff handoff, ScheduledJob job) => handoff.Questions.FirstOrDefault(q => q.Id == job.Payload);

    /// <summary>The person, or the RevOps fallback when they are not (or no longer) in the directory.</summary>
    private async Task<Person> RecipientAsync(string email, CancellationToken ct) =>
        await directory.FindAsync(email, ct)
        ?? await directory.FindAsync(handoffs.Playbook.RevOpsFallback, ct)
        ?? throw new PermanentJobFailure("Neither the recipient nor the RevOps fallback is in the people directory.");
}
