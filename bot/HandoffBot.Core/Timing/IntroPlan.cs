using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Timing;

/// <summary>When the warm-intro thread is posted and which kickoff times it proposes.</summary>
public static class IntroPlan
{
    /// <summary>Intro posts and kickoff slots start on a half hour.</summary>
    public static readonly TimeSpan SlotStep = TimeSpan.FromMinutes(30);

    /// <summary>Kickoff candidates, in the customer's local time, in order of preference.</summary>
    private static readonly TimeOnly[] KickoffTimes = [new(10, 0), new(14, 0), new(11, 0), new(15, 0), new(9, 30), new(13, 0), new(16, 0)];

    public static string Group(string handoffId) => handoffId + ":intro";

    /// <summary>
    /// The next business-hours slot in the customer's zone that is at least the playbook's minimum
    /// delay (business time) after Accept, and not before the warm-intro stage began.
    /// </summary>
    public static DateTimeOffset PostAt(Handoff handoff, Playbook playbook, TimeZoneInfo customerZone)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(playbook);
        var calendar = playbook.Calendar;
        var accepted = handoff.AcceptedAt ?? handoff.StageEnteredAt;
        var earliest = calendar.Add(accepted, playbook.Intro.MinDelay.ToBusinessTime(calendar), customerZone);
        if (WarmIntroEnteredAt(handoff) is { } entered && entered > earliest)
        {
            earliest = entered;
        }

        return NextSlot(earliest, calendar, customerZone);
    }

    /// <summary>When the warm-intro stage began (from the audit, so the answer stays the same after the stage is left).</summary>
    public static DateTimeOffset? WarmIntroEnteredAt(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        for (var i = handoff.Audit.Count - 1; i >= 0; i--)
        {
            var entry = handoff.Audit[i];
            if (entry.Change is StageEntered { Stage: Stage.WarmIntro })
            {
                return entry.At;
            }
        }

        return handoff.Stage == Stage.WarmIntro ? handoff.StageEnteredAt : null;
    }

    /// <summary>The first slot boundary at or after <paramref name="at"/> that is inside business hours.</summary>
    public static DateTimeOffset NextSlot(DateTimeOffset at, BusinessCalendar calendar, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var cursor = calendar.NextOpen(at, zone);
        for (var guard = 0; guard < 1000; guard++)
        {
            var rounded = RoundUp(cursor, zone);
            var open = calendar.NextOpen(rounded, zone);
            if (open == rounded)
            {
                return rounded;
            }

            cursor = open;
        }

        return cursor;
    }

    /// <summary>
    /// Kickoff proposals: one per business day from the second business day after the intro, at a
    /// time inside working hours for both the customer and the CSM, lasting the playbook's length.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> KickoffSlots(DateTimeOffset introAt, Playbook playbook, TimeZoneInfo customerZone, TimeZoneInfo csmZone)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        var calendar = playbook.Calendar;
        var length = playbook.Intro.KickoffLength;
        var slots = new List<DateTimeOffset>();
        var day = BusinessCalendar.LocalDate(introAt, customerZone);
        var businessDaysSkipped = 0;
        for (var guard = 0; guard < 120 && slots.Count < playbook.Intro.KickoffSlots; guard++)
        {
            day = day.AddDays(1);
            if (!calendar.IsWorkday(day) || ++businessDaysSkipped < 2)
            {
                continue;
            }

            foreach (var time in KickoffTimes)
            {
                var start = BusinessCalendar.ToUtc(day.ToDateTime(time), customerZone);
                if (Fits(start, length, calendar, customerZone) && Fits(start, length, calendar, csmZone))
                {
                    slots.Add(start);
                    break;
                }
            }
        }

        return slots;
    }

    private static bool Fits(DateTimeOffset start, TimeSpan length, BusinessCalendar calendar, TimeZoneInfo zone) =>
        calendar.IsOpen(start, zone) && calendar.Between(start, start + length, zone) == length;

    private static DateTimeOffset RoundUp(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var ticks = local.TimeOfDay.Ticks % SlotStep.Ticks;
        return ticks == 0 ? at : at + TimeSpan.FromTicks(SlotStep.Ticks - ticks);
    }
}
