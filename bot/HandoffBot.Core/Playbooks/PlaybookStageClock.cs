using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Playbooks;

/// <summary>
/// Due times from the playbook: the stage's SLA in business time, counted in the owner's time
/// zone (from the directory; the calendar's default zone when unknown).
/// </summary>
public sealed class PlaybookStageClock(Playbook playbook, TimeProvider time, Func<string, string?> timeZoneOf) : IStageClock
{
    public DateTimeOffset Now => time.GetUtcNow();

    public DateTimeOffset? DueFor(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        if (playbook.SlaFor(handoff.Segment, handoff.Stage) is not { } rule)
        {
            return null;
        }

        var zone = TimeZones.FindOr(timeZoneOf(handoff.Owner.Email), playbook.Calendar.DefaultTimeZone);
        var anchor = rule.From switch
        {
            SlaAnchor.Accepted => handoff.AcceptedAt ?? handoff.StageEnteredAt,
            SlaAnchor.Closed => BusinessCalendar.ToUtc(handoff.Deal.CloseDate.ToDateTime(playbook.Calendar.Opens), zone),
            _ => handoff.StageEnteredAt,
        };
        return playbook.Calendar.Add(anchor, rule.Within.ToBusinessTime(playbook.Calendar), zone);
    }
}
