using System.Globalization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Timing;

public enum SlaStepKind
{
    Reminder,
    Escalation,
}

/// <summary>One planned reminder or escalation of the current stage's clock. The key names it for ever.</summary>
public sealed record SlaStep(SlaStepKind Kind, DateTimeOffset At, int Percent, string Key);

/// <summary>The current stay in a stage: where it starts in the audit, and what happened to its clock since.</summary>
public sealed record StageVisit(int Index, Stage Stage, DateTimeOffset EnteredAt, int Snoozes, DateTimeOffset Epoch, IReadOnlySet<DateOnly> EscalatedOn, DateOnly? LastEscalationSinceEpoch);

/// <summary>
/// The SLA policy as a pure function of the handoff and the playbook: reminders to the owner at the
/// playbook's percentages of the clock, then an escalation after the deadline, repeated at most once
/// per business day while the stage stays overdue. Counted in business time in the owner's zone.
/// </summary>
public static class SlaPlan
{
    /// <summary>Escalations planned ahead, one per business day; every save re-plans, so the horizon moves along.</summary>
    public const int EscalationHorizon = 5;

    public static string Group(string handoffId) => handoffId + ":sla";

    public static StageVisit Visit(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var audit = handoff.Audit;
        var index = FindLastStageEntered(audit);
        var epoch = handoff.StageEnteredAt;
        var snoozes = 0;
        var escalated = new HashSet<DateOnly>();
        DateOnly? lastSinceEpoch = null;
        for (var i = index + 1; i < audit.Count; i++)
        {
            var entry = audit[i];
            if (entry.Change is SlaSnoozed)
            {
                snoozes++;
                epoch = entry.At;
                lastSinceEpoch = null;
            }
            else if (entry.Change is SlaEscalated { Date: { } date })
            {
                escalated.Add(date);
                lastSinceEpoch = date;
            }
        }

        return new StageVisit(index, handoff.Stage, handoff.StageEnteredAt, snoozes, epoch, escalated, lastSinceEpoch);
    }

    /// <summary>Where the clock of the current stage started (its anchor: stage start, acceptance or close).</summary>
    public static DateTimeOffset ClockStart(Handoff handoff, Playbook playbook, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(playbook);
        return playbook.SlaFor(handoff.Segment, handoff.Stage)?.From switch
        {
            SlaAnchor.Accepted => handoff.AcceptedAt ?? handoff.StageEnteredAt,
            SlaAnchor.Closed => BusinessCalendar.ToUtc(handoff.Deal.CloseDate.ToDateTime(playbook.Calendar.Opens), zone),
            _ => handoff.StageEnteredAt,
        };
    }

    public static IReadOnlyList<SlaStep> Steps(Handoff handoff, Playbook playbook, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(playbook);
        if (handoff.DueAt is not { } due || handoff.Stage is Stage.Intake or Stage.Outcome)
        {
            return [];
        }

        var calendar = playbook.Calendar;
        var visit = Visit(handoff);
        var start = ClockStart(handoff, playbook, zone);
        var span = calendar.Between(start, due, zone);
        var steps = new List<SlaStep>();
        var prefix = $"{handoff.Id}:sla:{visit.Index.ToString(CultureInfo.InvariantCulture)}";
        foreach (var percent in playbook.Reminders.AtPercent)
        {
            var at = percent <= 100
                ? calendar.Add(start, span * percent / 100.0, zone)
                : calendar.Add(due, span * (percent - 100) / 100.0, zone);
            if (percent == 100)
            {
                at = due;
            }

            // The part of the clock that ran before this stay (or before a snooze) has no reminders.
            if (at >= visit.Epoch)
            {
                steps.Add(new SlaStep(SlaStepKind.Reminder, at, percent,
                    $"{prefix}.{visit.Snoozes.ToString(CultureInfo.InvariantCulture)}:remind:{percent.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        var next = calendar.Add(due, playbook.Reminders.EscalateAfter.ToBusinessTime(calendar), zone);
        if (visit.LastEscalationSinceEpoch is { } last)
        {
            var dayAfter = calendar.NextOpen(BusinessCalendar.ToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue), zone), zone);
            next = dayAfter > next ? dayAfter : next;
        }

        for (var planned = 0; planned < EscalationHorizon;)
        {
            var date = BusinessCalendar.LocalDate(next, zone);
            if (!visit.EscalatedOn.Contains(date))
            {
                steps.Add(new SlaStep(SlaStepKind.Escalation, next, 100,
                    $"{prefix}:escalate:{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"));
                planned++;
            }

            next = calendar.NextOpen(BusinessCalendar.ToUtc(date.AddDays(1).ToDateTime(TimeOnly.MinValue), zone), zone);
        }

        return [.. steps.OrderBy(s => s.At)];
    }

    /// <summary>The business date an escalation at <paramref name="at"/> counts for.</summary>
    public static string EscalationDate(DateTimeOffset at, TimeZoneInfo zone) =>
        BusinessCalendar.LocalDate(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int FindLastStageEntered(IReadOnlyList<AuditEntry> audit)
    {
        for (var i = audit.Count - 1; i >= 0; i--)
        {
            if (audit[i].Change is StageEntered)
            {
                return i;
            }
        }

        return -1;
    }
}
