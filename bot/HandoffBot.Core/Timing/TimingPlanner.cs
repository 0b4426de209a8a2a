using System.Globalization;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>
/// Plans the timing area's jobs from what just happened, in the same transaction as the change.
/// Clocks (SLA reminders and escalations, the intro slot, the polls) are plans: on every change the
/// whole plan is computed again from the handoff and the playbook and replaces the stored one (see
/// <see cref="ScheduledJob.Group"/>), so a stage change, a snooze, a reassignment or a playbook
/// change moves the pending jobs without losing or doubling any. One-off messages are keyed by the
/// audit entry that caused them.
/// </summary>
public sealed class TimingPlanner(IPlaybookProvider playbooks, ITimeZoneLookup zones) : IJobPlanner
{
    public IEnumerable<ScheduledJob> Plan(Handoff handoff, IReadOnlyList<AuditEntry> newEntries, int firstIndex, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(newEntries);
        if (newEntries.Count == 0)
        {
            return [];
        }

        var playbook = playbooks.Current;
        var jobs = new List<ScheduledJob>();
        var id = handoff.Id;

        var sla = SlaPlan.Steps(handoff, playbook, zones.ZoneOf(handoff.Owner.Email));
        jobs.AddRange(sla.Count == 0
            ? [ScheduledJob.EmptyGroup(SlaPlan.Group(id), id, now)]
            : sla.Select(s => ScheduledJob.InGroup(SlaPlan.Group(id), s.Kind == SlaStepKind.Reminder ? TimingJobs.Remind : TimingJobs.Escalate, id, s.At, s.Key, now)));

        var introPending = handoff.Stage == Stage.WarmIntro && !handoff.Audit.Any(a => a.Change is IntroPosted);
        jobs.Add(introPending
            ? ScheduledJob.InGroup(IntroPlan.Group(id), TimingJobs.IntroPost, id,
                IntroPlan.PostAt(handoff, playbook, Playbooks.TimeZones.FindOr(handoff.Deal.CustomerTimeZone, playbook.Calendar.DefaultTimeZone)),
                $"{id}:intro:{SlaPlan.Visit(handoff).Index.ToString(CultureInfo.InvariantCulture)}", now)
            : ScheduledJob.EmptyGroup(IntroPlan.Group(id), id, now));

        var polls = PollPlan.Steps(handoff, playbook, zones.ZoneOf(handoff.Deal.CsmEmail ?? handoff.Owner.Email));
        jobs.AddRange(polls.Count == 0
            ? [ScheduledJob.EmptyGroup(PollPlan.Group(id), id, now)]
            : polls.SelectMany(p => new[]
            {
                ScheduledJob.InGroup(PollPlan.Group(id), TimingJobs.PollSend, id, p.SendAt, PollPlan.Key(id, p.Day), now, Day(p.Day)),
                ScheduledJob.InGroup(PollPlan.Group(id), TimingJobs.PollRemind, id, p.RemindAt, PollPlan.Key(id, p.Day) + ":remind", now, Day(p.Day)),
            }));

        for (var i = 0; i < newEntries.Count; i++)
        {
            var entry = newEntries[i];
            var index = (firstIndex + i).ToString(CultureInfo.InvariantCulture);
            ScheduledJob Job(string kind, string? payload = null) => ScheduledJob.Create(kind, id, now, $"{id}:{kind}:{index}", now, payload);
            switch (entry.Change)
            {
                case StageEntered { Stage: Stage.InternalHandoff }:
                    jobs.Add(Job(TimingJobs.InternalHandoff));
                    break;
                case SyncConfirmed:
                    jobs.Add(Job(TimingJobs.SyncUpdate));
                    break;
                case StageEntered { Stage: Stage.Kickoff }:
                    jobs.Add(Job(TimingJobs.Kickoff));
                    break;
                case KickoffBooked or KickoffHeld:
                    jobs.Add(Job(TimingJobs.KickoffUpdate));
                    break;
                case SlaNudged:
                    jobs.Add(Job(TimingJobs.Nudge, entry.Actor));
                    break;
                case PollAnswered answered:
                    var day = answered.Day.ToString(CultureInfo.InvariantCulture);
                    jobs.Add(Job(TimingJobs.PollThanks, day));
                    if (answered.Matched is DealMatch.No or DealMatch.Partly)
                    {
                        jobs.Add(Job(TimingJobs.PollAlert, day));
                    }

                    break;
            }
        }

        return jobs;
    }

    private static string Day(int day) => day.ToString(CultureInfo.InvariantCulture);
}
