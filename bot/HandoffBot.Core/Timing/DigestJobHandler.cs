using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>Sends one recipient's weekly digest (the seven local days before the send day), then plans the next.</summary>
public sealed class DigestJobHandler(DigestService digests, DigestSchedule schedule, Recipients recipients, Outbox outbox, ITimeZoneLookup zones, TimeProvider time) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TimingJobs.Digest];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var email = job.Payload ?? throw new PermanentJobFailure("Digest job without a recipient.");
        if (!(await schedule.RecipientsAsync(ct)).Contains(email, StringComparer.OrdinalIgnoreCase))
        {
            return; // no longer a recipient: the schedule ends here
        }

        // Sent late (the bot was down for weeks): report the latest week that ended, not a stale one.
        var now = time.GetUtcNow();
        var occurrence = job.DueAt;
        while (schedule.Next(email, occurrence) is { } later && later <= now)
        {
            occurrence = later;
        }

        var zone = zones.ZoneOf(email);
        var (from, to) = DigestService.WeekBefore(BusinessCalendar.LocalDate(occurrence, zone));
        // Next week first: a send that keeps failing must not end the schedule.
        await schedule.ScheduleNextAsync(email, job.DueAt > now ? job.DueAt : now, ct);
        var person = await recipients.ResolveAsync(email, ct);
        var report = await digests.BuildAsync(from, to, zone, ct);
        await outbox.ToPersonAsync($"{job.IdempotencyKey}/to:{person.Email}", person, new DigestNotification(report), ct);
    }
}
