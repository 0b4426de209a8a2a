using HandoffBot.Core.Application;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Timing;

/// <summary>A person's own time zone (directory), the playbook calendar's zone when unknown.</summary>
public interface ITimeZoneLookup
{
    TimeZoneInfo ZoneOf(string? email);
}

/// <summary>
/// Zones from the people directory. Planners are synchronous (they run inside the save), and the
/// directory answers from an in-memory snapshot, so waiting on it here never blocks on I/O.
/// A directory that reads remotely should come with its own <see cref="ITimeZoneLookup"/>.
/// </summary>
public sealed class DirectoryTimeZones(IPeopleDirectory directory, IPlaybookProvider playbooks) : ITimeZoneLookup
{
    public TimeZoneInfo ZoneOf(string? email)
    {
        var fallback = playbooks.Current.Calendar.DefaultTimeZone;
        if (string.IsNullOrWhiteSpace(email))
        {
            return fallback;
        }

        var person = directory.FindAsync(email).GetAwaiter().GetResult();
        return TimeZones.FindOr(person?.TimeZone, fallback);
    }
}
