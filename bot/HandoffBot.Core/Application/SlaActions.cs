using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Timing;

namespace HandoffBot.Core.Application;

/// <summary>
/// The escalation card's buttons, for the Teams and Slack adapters: Nudge and Snooze here;
/// Reassign is <see cref="HandoffService.ReassignAsync"/>. Each throws the domain's refusal
/// (<see cref="DomainException"/>: not allowed, wrong stage…) for the adapter to show.
/// </summary>
public sealed class SlaActions(HandoffService handoffs, ITimeZoneLookup zones)
{
    /// <summary>Reminds the owner now, in the name of <paramref name="actorEmail"/> (recorded as sla.nudged).</summary>
    public Task<Handoff> NudgeAsync(string handoffId, string actorEmail, CancellationToken ct = default) =>
        handoffs.ExecuteAsync(handoffId, actorEmail, (h, actor, clock) => h.Nudge(actor, clock), ct);

    /// <summary>
    /// Pushes the stage's deadline by the playbook's snooze (default one business day, in the owner's
    /// zone) from the deadline, or from now when it has already passed; a snooze never shortens a clock.
    /// </summary>
    public Task<Handoff> SnoozeAsync(string handoffId, string actorEmail, CancellationToken ct = default) =>
        handoffs.ExecuteAsync(handoffId, actorEmail, (h, actor, clock) =>
        {
            var playbook = handoffs.Playbook;
            var from = h.DueAt is { } due && due > clock.Now ? due : clock.Now;
            var until = playbook.Calendar.Add(from, playbook.Reminders.Snooze.ToBusinessTime(playbook.Calendar), zones.ZoneOf(h.Owner.Email));
            h.Snooze(until, actor, clock);
        }, ct);
}
