namespace HandoffBot.Core.Playbooks;

public static class TimeZones
{
    /// <summary>Finds a zone by IANA (or Windows) id; false for anything else, never throws.</summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    public static TimeZoneInfo FindOr(string? id, TimeZoneInfo fallback) => TryFind(id, out var zone) ? zone : fallback;
}
