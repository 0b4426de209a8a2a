namespace HandoffBot.Core.Playbooks;

/// <summary>
/// Working days, working hours and holidays, applied in a person's own time zone. Elapsed
/// business time is measured in real (UTC) time inside each local working window, so a window
/// that contains a DST change counts the hours that really passed.
/// </summary>
public sealed record BusinessCalendar
{
    public required IReadOnlySet<DayOfWeek> Workdays { get; init; }
    public required TimeOnly Opens { get; init; }
    public required TimeOnly Closes { get; init; }
    public required IReadOnlySet<DateOnly> Holidays { get; init; }

    /// <summary>Used for anybody whose own time zone is unknown.</summary>
    public required TimeZoneInfo DefaultTimeZone { get; init; }

    public TimeSpan HoursPerDay => Closes - Opens;

    public bool IsWorkday(DateOnly date) => Workdays.Contains(date.DayOfWeek) && !Holidays.Contains(date);

    /// <summary>The instant <paramref name="businessTime"/> of working time after <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan businessTime, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (businessTime <= TimeSpan.Zero)
        {
            return start;
        }

        var remaining = businessTime;
        var cursor = start.ToUniversalTime();
        var day = LocalDate(cursor, zone);
        // A calendar with no working day at all would loop for ever; validation forbids it, this guards it.
        for (var guard = 0; guard < 366 * 50; guard++, day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }

            var (open, close) = Window(day, zone);
            var from = cursor > open ? cursor : open;
            if (from >= close)
            {
                continue;
            }

            var available = close - from;
            if (remaining <= available)
            {
                return from + remaining;
            }

            remaining -= available;
            cursor = close;
        }

        throw new InvalidOperationException("The business calendar has no working time.");
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var lastDay = LocalDate(to.ToUniversalTime(), zone);
        for (var day = LocalDate(from.ToUniversalTime(), zone); day <= lastDay; day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }

            var (open, close) = Window(day, zone);
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }

    /// <summary>The first instant at or after <paramref name="at"/> inside working hours.</summary>
    public DateTimeOffset NextOpen(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var cursor = at.ToUniversalTime();
        var day = LocalDate(cursor, zone);
        for (var guard = 0; guard < 366 * 50; guard++, day = day.AddDays(1))
        {
            if (!IsWorkday(day))
            {
                continue;
            }

            var (open, close) = Window(day, zone);
            if (cursor < close)
            {
                return cursor > open ? cursor : open;
            }
        }

        throw new InvalidOperationException("The business calendar has no working time.");
    }

    public bool IsOpen(DateTimeOffset at, TimeZoneInfo zone) => NextOpen(at, zone) == at.ToUniversalTime();

    /// <summary>The UTC instants a local working day opens and closes.</summary>
    public (DateTimeOffset Open, DateTimeOffset Close) Window(DateOnly day, TimeZoneInfo zone) =>
        (ToUtc(day.ToDateTime(Opens), zone), ToUtc(day.ToDateTime(Closes), zone));

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// Local wall-clock time to an instant. A time skipped by a spring-forward change moves to the
    /// first valid minute after it; a time repeated by a fall-back change takes its first occurrence.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var guard = 0;
        while (zone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
