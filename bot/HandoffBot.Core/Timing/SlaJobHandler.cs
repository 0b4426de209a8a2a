using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>
/// Runs the SLA plan's reminders and escalations. Each job re-reads the handoff and works the plan
/// out again: a step that is no longer in it (the stage moved on, the clock was snoozed, the
/// playbook changed) is skipped, and so is a reminder overtaken by a later step while the bot was
/// down (catch-up sends the current state, not a burst of history). An owner no longer in the
/// directory is replaced first (manager, CS lead or RevOps), and the new owner is told.
/// </summary>
public sealed class SlaJobHandler(HandoffService handoffs, Recipients recipients, Outbox outbox, ITimeZoneLookup zones, TimeProvider time) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TimingJobs.Remind, TimingJobs.Escalate, TimingJobs.Nudge];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var handoff = await handoffs.GetAsync(job.HandoffId ?? "", ct)
            ?? throw new PermanentJobFailure($"Handoff {job.HandoffId} no longer exists.");
        if (handoff.Stage == Stage.Outcome)
        {
            return;
        }

        if (handoff.Owner.Email != Actor.SystemEmail && await recipients.FindAsync(handoff.Owner.Email, ct) is null)
        {
            await OwnerLeftAsync(handoffs, recipients, outbox, handoff, null, job.IdempotencyKey, ct);
            return;
        }

        if (job.Kind == TimingJobs.Nudge)
        {
            await NudgeAsync(handoff, job, ct);
            return;
        }

        var zone = zones.ZoneOf(handoff.Owner.Email);
        var steps = SlaPlan.Steps(handoff, handoffs.Playbook, zone);
        var index = steps.ToList().FindIndex(s => s.Key == job.IdempotencyKey);
        if (index < 0)
        {
            return;
        }

        var step = steps[index];
        var now = time.GetUtcNow();
        if (step.Kind == SlaStepKind.Reminder)
        {
            if (!steps.Skip(index + 1).Any(s => s.At <= now))
            {
                await RemindAsync(handoff, step, job.IdempotencyKey, ct);
            }

            return;
        }

        await EscalateAsync(handoff, zone, now, job.IdempotencyKey, ct);
    }

    private async Task RemindAsync(Handoff handoff, SlaStep step, string key, CancellationToken ct)
    {
        var due = handoff.DueAt!.Value;
        var to = new List<string> { handoff.Owner.Email };
        // The internal handoff needs both sides: the CSM is reminded too until they confirmed.
        if (handoff.Stage == Stage.InternalHandoff && handoff.CsmSyncedAt is null && handoff.Deal.CsmEmail is { } csm)
        {
            to.Add(csm);
        }

        foreach (var email in to.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var person = await recipients.ResolveAsync(email, ct);
            await outbox.ToPersonAsync($"{key}/to:{person.Email}", person, new ReminderNotification(handoff, handoff.Stage, step.Percent, due), ct);
        }

        await handoffs.ExecuteAsync(handoff.Id, (h, clock) => h.RecordSystemEvent(new SlaReminded(h.Stage, step.Percent, string.Join(",", to)),
            $"Reminder at {step.Percent}% of the {h.Stage.Display()} clock sent to {string.Join(", ", to)}.", clock), ct);
    }

    private async Task EscalateAsync(Handoff handoff, TimeZoneInfo zone, DateTimeOffset now, string key, CancellationToken ct)
    {
        handoff = await RecordBreachAsync(handoff, ct);
        var calendar = handoffs.Playbook.Calendar;
        var today = BusinessCalendar(zone, now);
        var visit = SlaPlan.Visit(handoff);
        // At most one per stage per business day; a catch-up run on a weekend waits for the next working day's job.
        if (visit.EscalatedOn.Contains(today) || !calendar.IsWorkday(today))
        {
            return;
        }

        var target = await recipients.EscalationTargetAsync(handoff, ct);
        var due = handoff.DueAt!.Value;
        await outbox.ToPersonAsync($"{key}/to:{target.Email}", target, new EscalationNotification(handoff, handoff.Stage, handoff.Owner.Email, due), ct);
        await handoffs.ExecuteAsync(handoff.Id, (h, clock) =>
        {
            // Recorded once even when the job is retried after the send: the audit is the once-a-day guard.
            if (!SlaPlan.Visit(h).EscalatedOn.Contains(today))
            {
                h.RecordSystemEvent(new SlaEscalated(h.Stage, target.Email, h.Owner.Email, "overdue", today),
                    $"{h.Stage.Display()} overdue (due {due:yyyy-MM-dd HH:mm}Z): escalated to {target.Email}; owner {h.Owner.Email}.", clock);
            }
        }, ct);
    }

    /// <summary>The stage's clock ran out: recorded once per stay in the stage, whether or not today allows an escalation.</summary>
    private async Task<Handoff> RecordBreachAsync(Handoff handoff, CancellationToken ct)
    {
        if (handoff.DueAt is null || Breached(handoff))
        {
            return handoff;
        }

        return await handoffs.ExecuteAsync(handoff.Id, (h, clock) =>
        {
            if (h.DueAt is { } due && due <= clock.Now && !Breached(h))
            {
                h.RecordSystemEvent(new SlaBreached(h.Stage, h.Owner.Email, due), $"{h.Stage.Display()} clock ran out at {due:yyyy-MM-dd HH:mm}Z; owner {h.Owner.Email}.", clock);
            }
        }, ct);
    }

    private static bool Breached(Handoff h) => h.Audit.Skip(SlaPlan.Visit(h).Index + 1).Any(a => a.Change is SlaBreached);

    private async Task NudgeAsync(Handoff handoff, ScheduledJob job, CancellationToken ct)
    {
        if (handoff.DueAt is not { } due)
        {
            return;
        }

        var by = await recipients.FindAsync(job.Payload, ct);
        var owner = await recipients.ResolveAsync(handoff.Owner.Email, ct);
        var start = SlaPlan.ClockStart(handoff, handoffs.Playbook, zones.ZoneOf(owner.Email));
        var calendar = handoffs.Playbook.Calendar;
        var zone = zones.ZoneOf(owner.Email);
        var span = calendar.Between(start, due, zone);
        var percent = span <= TimeSpan.Zero ? 100 : (int)Math.Round(100 * calendar.Between(start, time.GetUtcNow(), zone) / span);
        await outbox.ToPersonAsync($"{job.IdempotencyKey}/to:{owner.Email}", owner,
            new ReminderNotification(handoff, handoff.Stage, percent, due, by?.Name ?? job.Payload), ct);
    }

    /// <summary>The owner left the directory: the stage falls back, and the new owner hears it as an escalation.</summary>
    internal static async Task<bool> OwnerLeftAsync(HandoffService handoffs, Recipients recipients, Outbox outbox, Handoff handoff, string? managerEmail, string key, CancellationToken ct)
    {
        var left = handoff.Owner.Email;
        var (email, role) = await recipients.FallbackOwnerAsync(handoff, managerEmail, ct);
        var updated = await handoffs.ExecuteAsync(handoff.Id, (h, clock) =>
        {
            if (string.Equals(h.Owner.Email, left, StringComparison.OrdinalIgnoreCase) && h.Stage != Stage.Outcome)
            {
                h.FallBackTo(email, role, $"{left} is no longer in the people directory", clock);
            }
        }, ct);
        if (!string.Equals(updated.Owner.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var target = await recipients.ResolveAsync(email, ct);
        var due = updated.DueAt ?? updated.StageEnteredAt;
        await outbox.ToPersonAsync($"{key}/left:{left}/to:{target.Email}", target,
            new EscalationNotification(updated, updated.Stage, left, due, "left the people directory"), ct);
        await handoffs.ExecuteAsync(updated.Id, (h, clock) =>
        {
            if (!h.Audit.Any(a => a.Change is SlaEscalated escalated && escalated.Left == left && a.At >= updated.Owner.Since))
            {
                // No date: this is not the overdue escalation, so it does not use up the day's one.
                h.RecordSystemEvent(new SlaEscalated(h.Stage, target.Email, h.Owner.Email, "owner-left", Left: left),
                    $"{left} left the people directory: {h.Stage.Display()} fell to {target.Email}.", clock);
            }
        }, ct);
        return true;
    }

    private static DateOnly BusinessCalendar(TimeZoneInfo zone, DateTimeOffset now) => Playbooks.BusinessCalendar.LocalDate(now, zone);
}
