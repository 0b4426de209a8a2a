using System.Globalization;

namespace HandoffBot.Cards.Data;

/// <summary>
/// Times as people read them: in one time zone, and always with that zone named ("Mon 2 Nov, 17:00
/// New York time"). A card never shows a time without its zone.
/// </summary>
public static class Times
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"Mon 2 Nov, 17:00 New York time"; the year is added when it is not the year of <paramref name="now"/>.</summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year == local.Year;
        return local.ToString(thisYear ? "ddd d MMM, HH:mm" : "ddd d MMM yyyy, HH:mm", En) + " " + ZoneName(zone, instant);
    }

    /// <summary>The local day of an instant: "Mon 2 Nov".</summary>
    public static string Day(DateTimeOffset instant, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year == local.Year;
        return local.ToString(thisYear ? "ddd d MMM" : "ddd d MMM yyyy", En);
    }

    /// <summary>The local date of an instant without the weekday: "3 May" ("3 May 2025" in another year).</summary>
    public static string ShortDate(DateTimeOffset instant, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.ToString(TimeZoneInfo.ConvertTime(now, zone).Year == local.Year ? "d MMM" : "d MMM yyyy", En);
    }

    /// <summary>Just the clock time with its zone: "17:00 New York time".</summary>
    public static string Clock(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone).ToString("HH:mm", En) + " " + ZoneName(zone, instant);
    }

    public static string Date(DateOnly date) => date.ToString("d MMM yyyy", En);

    /// <summary>
    /// How a zone is named on a card: "New York time" (the city of its IANA id), "UTC", or the offset
    /// ("UTC−05:00") for zones without a city.
    /// </summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var id = zone.Id;
        if (!id.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana))
        {
            id = iana;
        }

        if (id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Etc/Zulu" or "Universal" or "Zulu" or "Etc/GMT" or "GMT")
        {
            return "UTC";
        }

        var slash = id.LastIndexOf('/');
        if (slash < 0 || id.StartsWith("Etc/", StringComparison.Ordinal))
        {
            var offset = zone.GetUtcOffset(at ?? DateTimeOffset.UtcNow);
            return "UTC" + (offset < TimeSpan.Zero ? "−" : "+") + offset.Duration().ToString(@"hh\:mm", En);
        }

        return id[(slash + 1)..].Replace('_', ' ') + " time";
    }

    /// <summary>How far into a recording a quote was said: "11:05 in", "1:02:03 in".</summary>
    public static string Offset(TimeSpan offset) =>
        (offset.TotalHours >= 1 ? offset.ToString(@"h\:mm\:ss", En) : offset.ToString(@"m\:ss", En)) + " in";
}
