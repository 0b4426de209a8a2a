using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Timing;

/// <summary>The kickoff invite (.ics) the warm intro offers: one proposed slot, the AE and CSM invited, the customer's goals in the description.</summary>
public static class KickoffInvite
{
    public static string Build(Handoff handoff, DateTimeOffset start, TimeSpan length, Person? ae, Person? csm, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var calendar = new Calendar { ProductId = "-//HandoffBot//Kickoff//EN" };
        calendar.AddProperty("METHOD", "PUBLISH");
        var goals = handoff.Context.Goals.Count == 0 ? "" : "\nGoals:\n- " + string.Join("\n- ", handoff.Context.Goals);
        var e = new CalendarEvent
        {
            Uid = $"{handoff.Id}-kickoff-{start.ToUnixTimeSeconds()}@handoffbot",
            Summary = $"Kickoff: {handoff.Deal.AccountName}",
            Description = $"Customer kickoff for {handoff.Deal.AccountName}.{goals}",
            DtStart = new CalDateTime(start.UtcDateTime, "UTC"),
            DtEnd = new CalDateTime((start + length).UtcDateTime, "UTC"),
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            Status = "TENTATIVE",
        };
        if (csm is not null)
        {
            e.Organizer = new Organizer($"mailto:{csm.Email}") { CommonName = csm.Name };
        }

        foreach (var person in new[] { csm, ae }.OfType<Person>())
        {
            e.Attendees.Add(new Attendee($"mailto:{person.Email}") { CommonName = person.Name, Role = "REQ-PARTICIPANT" });
        }

        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    public static string FileName(Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var safe = new string(handoff.Deal.AccountName.Where(char.IsLetterOrDigit).Take(40).ToArray());
        return $"kickoff-{(safe.Length == 0 ? handoff.Id : safe)}.ics";
    }

    public static TimeZoneInfo CustomerZone(Handoff handoff, Playbook playbook) =>
        TimeZones.FindOr(handoff?.Deal.CustomerTimeZone, playbook?.Calendar.DefaultTimeZone ?? TimeZoneInfo.Utc);
}
