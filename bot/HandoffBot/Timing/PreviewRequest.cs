using System.Globalization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Timing;

namespace HandoffBot.Timing;

/// <summary>The arguments of a playbook preview, checked the same way for the CLI and the API.</summary>
public static class PreviewRequest
{
    public static (Timeline? Timeline, IReadOnlyList<FieldError> Errors) Run(Playbook playbook, string? segment, string? closed, string? tz, string? at)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(segment) || !playbook.Segments.Any(s => string.Equals(s.Name, segment.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new FieldError("segment", $"'{segment}' is not a segment of the playbook (one of {string.Join(", ", playbook.Segments.Select(s => s.Name))})."));
        }

        if (!DateOnly.TryParseExact(closed?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new FieldError("closed", $"'{closed}' is not a date (yyyy-MM-dd)."));
        }

        var zone = playbook.Calendar.DefaultTimeZone;
        if (!string.IsNullOrWhiteSpace(tz) && !TimeZones.TryFind(tz, out zone))
        {
            errors.Add(new FieldError("tz", $"'{tz}' is not a time zone (use an IANA name like Europe/Berlin)."));
        }

        TimeOnly? intake = null;
        if (!string.IsNullOrWhiteSpace(at))
        {
            if (TimeOnly.TryParseExact(at.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                intake = t;
            }
            else
            {
                errors.Add(new FieldError("at", $"'{at}' is not a time of day (HH:mm)."));
            }
        }

        return errors.Count > 0 ? (null, errors) : (TimelinePreview.Build(playbook, segment!.Trim(), date, zone, intake), errors);
    }

    public static void Write(Timeline timeline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Timeline for a deal in segment {timeline.Segment} closed {timeline.Closed:yyyy-MM-dd}, local times in {timeline.TimeZone}");
        output.WriteLine("(each stage assumed done exactly at its deadline)");
        output.WriteLine();
        foreach (var e in timeline.Entries)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Local:ddd yyyy-MM-dd HH:mm}  {e.Stage,-18} {e.What}  [{e.Who}]"));
        }
    }
}
