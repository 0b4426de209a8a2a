using Cronos;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Timing;

/// <summary>One line of a previewed timeline: when (UTC and local), which stage, what happens, to whom.</summary>
public sealed record TimelineEntry(DateTimeOffset At, DateTime Local, string Stage, string What, string Who);

public sealed record Timeline(string Segment, DateOnly Closed, string TimeZone, IReadOnlyList<TimelineEntry> Entries);

/// <summary>
/// What a deal would go through under a playbook: a simulated handoff runs through the real domain
/// and the same plan functions the bot uses (so the preview cannot drift from the behaviour),
/// assuming every stage is finished exactly at its deadline, everybody in one time zone.
/// </summary>
public static class TimelinePreview
{
    private const string Ae = "ae@preview.invalid";
    private const string Csm = "csm@preview.invalid";

    public static Timeline Build(Playbook playbook, string segmentName, DateOnly closed, TimeZoneInfo zone, TimeOnly? intakeAt = null)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(zone);
        var segment = playbook.SegmentNamed(segmentName);
        var time = new SettableTime(BusinessCalendar.ToUtc(closed.ToDateTime(intakeAt ?? playbook.Calendar.Opens), zone));
        var clock = new PlaybookStageClock(playbook, time, _ => zone.Id);
        var deal = new Deal
        {
            CrmId = "PREVIEW", AccountName = "Preview", Currency = "USD", Segment = segment.Name, CloseDate = closed,
            CustomerTimeZone = zone.Id, AeEmail = Ae, CsmEmail = Csm,
        };
        var entries = new List<TimelineEntry>();
        void Add(DateTimeOffset at, Stage stage, string what, string who) =>
            entries.Add(new TimelineEntry(at, TimeZoneInfo.ConvertTime(at, zone).DateTime, stage.Display(), what, who));

        var h = Handoff.Open("HO-PREVIEW", deal, DealContext.Empty, [], [], segment.Name, new Routing(Ae, OwnerRole.AccountExecutive, playbook.CsLead), [], clock);
        Add(time.Now, Stage.Intake, "closed-won deal taken in", "system");
        var ae = Actor.Of(Ae, PersonRole.AccountExecutive);
        var csm = Actor.Of(Csm, PersonRole.Csm);
        var steps = new (Stage Stage, string Who, Action Finish)[]
        {
            (Stage.ContextCapture, "AE", () => h.SubmitContext(ae, [], clock)),
            (Stage.CsReview, "CSM", () => h.Accept(csm, clock)),
            (Stage.InternalHandoff, "AE + CSM", () =>
            {
                h.ConfirmInternalSync(SyncMode.Meeting, ae, clock);
                h.ConfirmInternalSync(SyncMode.Meeting, csm, clock);
            }),
            (Stage.WarmIntro, "AE", () => h.MarkIntroSent(ae, clock)),
            (Stage.Kickoff, "CSM", () => h.RecordKickoffHeld(BusinessCalendar.LocalDate(time.Now, zone), csm, clock)),
        };
        foreach (var (stage, who, finish) in steps)
        {
            var due = h.DueAt;
            Add(time.Now, stage, due is { } d ? $"clock starts; due {Local(d, zone)}" : "starts (no clock in the playbook)", who);
            if (stage == Stage.InternalHandoff)
            {
                Add(time.Now, stage, "internal handoff thread with the brief's open questions; both confirm the sync", who);
            }

            var finishAt = due ?? time.Now;
            if (stage == Stage.WarmIntro)
            {
                var post = IntroPlan.PostAt(h, playbook, zone);
                Add(post, stage, "warm-intro thread posted (draft intro, kickoff slots, .ics)", "AE + CSM");
                foreach (var slot in IntroPlan.KickoffSlots(post, playbook, zone, zone))
                {
                    Add(slot, Stage.Kickoff, $"proposed kickoff slot ({playbook.Intro.KickoffLength.TotalMinutes:0} min)", "customer, AE, CSM");
                }

                finishAt = post > finishAt ? post : finishAt;
            }

            var planned = SlaPlan.Steps(h, playbook, zone);
            var firstEscalation = planned.FirstOrDefault(s => s.Kind == SlaStepKind.Escalation);
            foreach (var step in planned.Where(s => s.Kind == SlaStepKind.Reminder || s == firstEscalation))
            {
                Add(step.At, stage, step.Kind == SlaStepKind.Reminder
                    ? $"reminder at {step.Percent}%"
                    : "escalation if still open (then at most once per business day)", step.Kind == SlaStepKind.Reminder ? who : "owner's manager");
            }

            Add(finishAt, stage, "done (assumed at the deadline)", who);
            time.Now = finishAt > time.Now ? finishAt : time.Now;
            finish();
        }

        foreach (var poll in PollPlan.Steps(h, playbook, zone))
        {
            Add(poll.SendAt, Stage.Onboarding, $"day-{poll.Day} post-sale poll", "CSM");
            Add(poll.RemindAt, Stage.Onboarding, $"day-{poll.Day} poll reminder if unanswered", "CSM");
        }

        var intake = entries[0].At;
        if (CronExpression.Parse(playbook.Digest.Cron).GetNextOccurrence(intake, zone) is { } digest)
        {
            Add(digest, Stage.Intake, "first weekly digest that counts this handoff", "sales leaders");
        }

        return new Timeline(segment.Name, closed, zone.Id, [.. entries.OrderBy(e => e.At)]);
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) => $"{TimeZoneInfo.ConvertTime(at, zone):ddd yyyy-MM-dd HH:mm}";

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
