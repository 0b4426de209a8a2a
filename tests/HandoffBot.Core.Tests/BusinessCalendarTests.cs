using CsCheck;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Tests;

/// <summary>Business-hours math: weekends, holidays, and both DST changes in America/New_York and Europe/Berlin.</summary>
public sealed class BusinessCalendarTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static readonly BusinessCalendar Calendar = new()
    {
        Workdays = new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
        Opens = new TimeOnly(9, 0),
        Closes = new TimeOnly(17, 0),
        Holidays = new HashSet<DateOnly> { new(2026, 12, 25), new(2027, 1, 1) },
        DefaultTimeZone = NewYork,
    };

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static DateTimeOffset Local(TimeZoneInfo zone, int y, int mo, int d, int h, int mi = 0) =>
        BusinessCalendar.ToUtc(new DateTime(y, mo, d, h, mi, 0), zone);

    [Theory]
    [InlineData(2026, 11, 2, 10, 4, 2026, 11, 2, 14)] // inside one day
    [InlineData(2026, 11, 2, 15, 4, 2026, 11, 3, 11)] // carries over the evening
    [InlineData(2026, 11, 6, 15, 4, 2026, 11, 9, 11)] // Friday → Monday over the weekend
    [InlineData(2026, 11, 7, 12, 1, 2026, 11, 9, 10)] // starts on a Saturday
    [InlineData(2026, 11, 2, 7, 1, 2026, 11, 2, 10)] // starts before opening
    [InlineData(2026, 11, 2, 10, 24, 2026, 11, 5, 10)] // 24 business hours = three working days
    [InlineData(2026, 12, 24, 16, 2, 2026, 12, 28, 10)] // Christmas Day is a holiday, then the weekend
    [InlineData(2026, 12, 31, 16, 2, 2027, 1, 4, 10)] // New Year's Day is a holiday, then the weekend
    public void Add_SkipsNightsWeekendsAndHolidays(int y, int mo, int d, int h, int hours, int ey, int emo, int ed, int eh)
    {
        var due = Calendar.Add(Local(NewYork, y, mo, d, h), TimeSpan.FromHours(hours), NewYork);

        Assert.Equal(Local(NewYork, ey, emo, ed, eh), due);
        Assert.Equal(TimeSpan.FromHours(hours), Calendar.Between(Local(NewYork, y, mo, d, h), due, NewYork));
    }

    [Fact]
    public void Add_AcrossSpringForward_NewYork_KeepsLocalOfficeHours()
    {
        // Friday 6 March 2026 16:00 EST; clocks go forward on Sunday 8 March.
        var start = Utc(2026, 3, 6, 21);

        var due = Calendar.Add(start, TimeSpan.FromHours(2), NewYork);

        Assert.Equal(Utc(2026, 3, 9, 14), due); // Monday 10:00 EDT (UTC-4)
        Assert.Equal(TimeSpan.FromHours(2), Calendar.Between(start, due, NewYork));
    }

    [Fact]
    public void Add_AcrossFallBack_NewYork_KeepsLocalOfficeHours()
    {
        // Friday 30 October 2026 16:00 EDT; clocks go back on Sunday 1 November.
        var start = Utc(2026, 10, 30, 20);

        var due = Calendar.Add(start, TimeSpan.FromHours(2), NewYork);

        Assert.Equal(Utc(2026, 11, 2, 15), due); // Monday 10:00 EST (UTC-5)
        Assert.Equal(TimeSpan.FromHours(2), Calendar.Between(start, due, NewYork));
    }

    [Fact]
    public void Add_AcrossBothBerlinChanges_KeepsLocalOfficeHours()
    {
        Assert.Equal(Utc(2026, 3, 30, 8), Calendar.Add(Utc(2026, 3, 27, 15), TimeSpan.FromHours(2), Berlin)); // CET → CEST
        Assert.Equal(Utc(2026, 10, 26, 9), Calendar.Add(Utc(2026, 10, 23, 14), TimeSpan.FromHours(2), Berlin)); // CEST → CET
    }

    [Fact]
    public void Add_WeekWithDstChange_StillFortyBusinessHoursPerWeek()
    {
        var monday = Local(NewYork, 2026, 3, 2, 9);

        Assert.Equal(Local(NewYork, 2026, 3, 9, 9), Calendar.NextOpen(Calendar.Add(monday, TimeSpan.FromHours(40), NewYork), NewYork));
        Assert.Equal(TimeSpan.FromHours(40), Calendar.Between(Local(NewYork, 2026, 10, 26, 9), Local(NewYork, 2026, 11, 2, 9), NewYork));
    }

    [Fact]
    public void WindowThatContainsTheChange_CountsTheHoursThatReallyPassed()
    {
        // A night shift 01:00–05:00 every day: the spring-forward night has 3 real hours, the fall-back night 5.
        var night = Calendar with { Opens = new TimeOnly(1, 0), Closes = new TimeOnly(5, 0), Workdays = new HashSet<DayOfWeek>(Enum.GetValues<DayOfWeek>()) };

        var (springOpen, springClose) = night.Window(new DateOnly(2026, 3, 8), NewYork);
        var (fallOpen, fallClose) = night.Window(new DateOnly(2026, 11, 1), NewYork);

        Assert.Equal(TimeSpan.FromHours(3), night.Between(springOpen, springClose, NewYork));
        Assert.Equal(TimeSpan.FromHours(5), night.Between(fallOpen, fallClose, NewYork));
        Assert.Equal(springClose, night.Add(springOpen, TimeSpan.FromHours(3), NewYork));
        Assert.Equal(Local(NewYork, 2026, 3, 9, 2), night.Add(springOpen, TimeSpan.FromHours(4), NewYork));
    }

    [Fact]
    public void ToUtc_SkippedAndRepeatedLocalTimes_AreResolvedForward()
    {
        Assert.Equal(Utc(2026, 3, 8, 7), BusinessCalendar.ToUtc(new DateTime(2026, 3, 8, 2, 30, 0), NewYork)); // 02:30 does not exist → 03:00 EDT
        Assert.Equal(Utc(2026, 11, 1, 5, 30), BusinessCalendar.ToUtc(new DateTime(2026, 11, 1, 1, 30, 0), NewYork)); // 01:30 twice → the first (EDT)
    }

    [Fact]
    public void NextOpen_AfterHoursWeekendAndHoliday_IsTheNextOpening()
    {
        Assert.Equal(Local(NewYork, 2026, 11, 9, 9), Calendar.NextOpen(Local(NewYork, 2026, 11, 6, 17), NewYork));
        Assert.Equal(Local(NewYork, 2026, 11, 9, 9), Calendar.NextOpen(Local(NewYork, 2026, 11, 8, 12), NewYork));
        Assert.Equal(Local(NewYork, 2026, 11, 4, 12), Calendar.NextOpen(Local(NewYork, 2026, 11, 4, 12), NewYork));
        Assert.Equal(Local(NewYork, 2026, 12, 28, 9), Calendar.NextOpen(Local(NewYork, 2026, 12, 24, 17, 30), NewYork));
        Assert.True(Calendar.IsOpen(Local(NewYork, 2026, 11, 4, 9), NewYork));
        Assert.False(Calendar.IsOpen(Local(NewYork, 2026, 12, 25, 10), NewYork));
    }

    [Fact]
    public void Between_ReversedOrEqual_IsZero_AndOwnersZoneMatters()
    {
        var a = Local(NewYork, 2026, 11, 4, 12);

        Assert.Equal(TimeSpan.Zero, Calendar.Between(a, a, NewYork));
        Assert.Equal(TimeSpan.Zero, Calendar.Between(a, a.AddHours(-3), NewYork));
        // 16:30 New York is 15:30 in Chicago: the Chicago owner has 1.5 working hours left, the New York one 0.5.
        var late = Local(NewYork, 2026, 11, 4, 16, 30);
        Assert.Equal(TimeSpan.FromMinutes(30), Calendar.Between(late, late.AddHours(3), NewYork));
        Assert.Equal(TimeSpan.FromMinutes(90), Calendar.Between(late, late.AddHours(3), Chicago));
    }

    [Fact]
    public void Add_ThenBetween_GivesBackTheDuration_ForAnyStartAndZone()
    {
        var zones = new[] { NewYork, Berlin, Chicago, TimeZoneInfo.Utc };
        var from = Utc(2026, 1, 1, 0).ToUnixTimeSeconds();
        var to = Utc(2027, 12, 31, 0).ToUnixTimeSeconds();
        Gen.Select(Gen.Long[from, to], Gen.Int[0, 400 * 60], Gen.Int[0, zones.Length - 1]).Sample((seconds, minutes, z) =>
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(seconds);
            var duration = TimeSpan.FromMinutes(minutes);
            var due = Calendar.Add(start, duration, zones[z]);
            Assert.True(due >= start);
            Assert.Equal(duration, Calendar.Between(start, due, zones[z]));
            Assert.True(minutes == 0 || Calendar.IsOpen(due.AddTicks(-1), zones[z]));
        }, iter: 2000);
    }
}
