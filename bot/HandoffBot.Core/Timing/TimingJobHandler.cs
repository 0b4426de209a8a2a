using System.Globalization;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>
/// The internal handoff, the warm intro and the post-sale polls. Like every job handler it reads the
/// handoff as it is now and skips what no longer applies (the stage moved on, the poll was answered).
/// </summary>
public sealed class TimingJobHandler(HandoffService handoffs, HandoffMessages messages, ITimeZoneLookup zones, IPublicLinks links) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } =
    [
        TimingJobs.InternalHandoff, TimingJobs.SyncUpdate, TimingJobs.IntroPost, TimingJobs.Kickoff, TimingJobs.KickoffUpdate,
        TimingJobs.PollSend, TimingJobs.PollRemind, TimingJobs.PollThanks, TimingJobs.PollAlert,
    ];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var h = await handoffs.GetAsync(job.HandoffId ?? "", ct)
            ?? throw new PermanentJobFailure($"Handoff {job.HandoffId} no longer exists.");
        var key = job.IdempotencyKey;
        switch (job.Kind)
        {
            case TimingJobs.InternalHandoff when h.Stage == Stage.InternalHandoff:
                await messages.SendToAeAndCsmAsync(h, new InternalHandoffNotification(h), key, TimingMessageKeys.Internal, ct);
                await RecordAsync(h.Id, new SyncRequested(), "Internal handoff opened for the AE and the CSM; both confirm when synced.", ct);
                break;
            case TimingJobs.SyncUpdate:
                await messages.UpdateAsync(h, new InternalHandoffNotification(h), TimingMessageKeys.Internal, ct);
                break;
            case TimingJobs.IntroPost when h.Stage == Stage.WarmIntro && !h.Audit.Any(a => a.Change is IntroPosted):
                await PostIntroAsync(h, key, ct);
                break;
            case TimingJobs.Kickoff when h.Stage == Stage.Kickoff:
                // The CSM books it with the customer and records it as held; the card says where it stands.
                await messages.SendToAeAndCsmAsync(h, new KickoffNotification(h), key, TimingMessageKeys.Kickoff, ct);
                break;
            case TimingJobs.KickoffUpdate:
                await messages.UpdateAsync(h, new KickoffNotification(h), TimingMessageKeys.Kickoff, ct);
                break;
            case TimingJobs.PollSend when Unanswered(h, job) is { } day:
                var sent = await messages.ToPersonAsync(key, Csm(h), new PollNotification(h, day), ct);
                await messages.RememberAsync(h.Id, TimingMessageKeys.Poll(day), sent, ct);
                await RecordAsync(h.Id, new PollSent(day), $"Day-{day} poll sent to {Csm(h)}.", ct);
                break;
            case TimingJobs.PollRemind when Unanswered(h, job) is { } day && h.Audit.Any(a => a.Change is PollSent sent && sent.Day == day):
                var reminder = new PollNotification(h, day, IsReminder: true);
                if (h.Messages.TryGetValue(TimingMessageKeys.Poll(day), out var poll))
                {
                    await messages.ReplyAsync(key + "/thread", poll, reminder, ct);
                }
                else
                {
                    await messages.ToPersonAsync(key, Csm(h), reminder, ct);
                }

                await RecordAsync(h.Id, new PollReminded(day), $"Day-{day} poll still open: {Csm(h)} reminded.", ct);
                break;
            case TimingJobs.PollThanks when Answer(h, job) is { } answer:
                await messages.ToPersonAsync(key, answer.By, new PollThanksNotification(h, answer), ct);
                break;
            case TimingJobs.PollAlert when Answer(h, job) is { } answer:
                var ae = await messages.FindAsync(h.Deal.AeEmail, ct);
                foreach (var email in new[] { h.Deal.AeEmail, ae?.ManagerEmail }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    await messages.ToPersonAsync(key, email, new PollAlertNotification(h, answer), ct);
                }

                break;
            default:
                // The handoff moved on while the job waited: nothing to send.
                break;
        }
    }

    private async Task PostIntroAsync(Handoff h, string key, CancellationToken ct)
    {
        var playbook = handoffs.Playbook;
        var customerZone = Playbooks.TimeZones.FindOr(h.Deal.CustomerTimeZone, playbook.Calendar.DefaultTimeZone);
        var csmEmail = Csm(h);
        var slots = IntroPlan.KickoffSlots(IntroPlan.PostAt(h, playbook, customerZone), playbook, customerZone, zones.ZoneOf(csmEmail));
        var ae = await messages.PersonAsync(h.Routing.AeOwnerEmail, ct);
        var csm = await messages.PersonAsync(csmEmail, ct);
        var draft = IntroDraftWriter.Write(h, ae.Name, csm.Name, slots, customerZone);
        var notification = new WarmIntroNotification(h, draft, slots, slots.Count > 0 ? links.Ics(h.Id) : null);
        await messages.SendToAeAndCsmAsync(h, notification, key, TimingMessageKeys.Intro, ct);
        await RecordAsync(h.Id, new IntroPosted(), $"Warm intro posted for the AE with a draft and {slots.Count} kickoff slot(s).", ct);
    }

    private Task RecordAsync(string id, HandoffEvent change, string details, CancellationToken ct) =>
        handoffs.ExecuteAsync(id, (h, clock) => h.RecordSystemEvent(change, details, clock), ct);

    private static string Csm(Handoff h) => h.Deal.CsmEmail ?? h.Owner.Email;

    private static int? Unanswered(Handoff h, ScheduledJob job) =>
        int.TryParse(job.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var day) && h.PollAnswers.All(a => a.DayOffset != day) ? day : null;

    private static PollAnswer? Answer(Handoff h, ScheduledJob job) =>
        int.TryParse(job.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var day) ? h.PollAnswers.FirstOrDefault(a => a.DayOffset == day) : null;

}
