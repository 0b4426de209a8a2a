using System.Globalization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Timing;

/// <summary>One post-sale poll: when it goes to the CSM and when they are reminded if it is still unanswered.</summary>
public sealed record PollStep(int Day, DateTimeOffset SendAt, DateTimeOffset RemindAt);

/// <summary>Post-sale polls at +N days after the kickoff, at the playbook's local time in the CSM's zone.</summary>
public static class PollPlan
{
    public static string Group(string handoffId) => handoffId + ":poll";

    public static string Key(string handoffId, int day) => $"{handoffId}:poll:{day.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The polls still to ask (answered ones drop out), or none before the kickoff was held.</summary>
    public static IReadOnlyList<PollStep> Steps(Handoff handoff, Playbook playbook, TimeZoneInfo csmZone)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(playbook);
        if (handoff.KickoffHeldOn is not { } kickoff)
        {
            return [];
        }

        var calendar = playbook.Calendar;
        var steps = new List<PollStep>();
        foreach (var day in playbook.Polls.DaysAfterKickoff)
        {
            if (handoff.PollAnswers.Any(a => a.DayOffset == day))
            {
                continue;
            }

            var send = SendAt(kickoff.AddDays(day), playbook, csmZone);
            steps.Add(new PollStep(day, send, calendar.Add(send, playbook.Polls.AnswerWindow.ToBusinessTime(calendar), csmZone)));
        }

        return steps;
    }

    /// <summary>The playbook's send time on that date, or on the next working day when the date is not one.</summary>
    public static DateTimeOffset SendAt(DateOnly date, Playbook playbook, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        var day = date;
        for (var guard = 0; guard < 366 && !playbook.Calendar.IsWorkday(day); guard++)
        {
            day = day.AddDays(1);
        }

        return BusinessCalendar.ToUtc(day.ToDateTime(playbook.Polls.SendAt), zone);
    }
}
