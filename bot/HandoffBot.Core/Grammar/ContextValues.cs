using System.Globalization;

namespace HandoffBot.Core.Grammar;

/// <summary>The scalar value rules every context surface shares: dates, time zones, text.</summary>
public static class ContextValues
{
    public const string DateFormat = "yyyy-MM-dd";

    public const string TimeZoneHint = "Use a time zone like America/Chicago or Europe/Berlin.";

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A calendar date: <c>yyyy-MM-dd</c> (or <c>yyyy-M-d</c>), or an ISO 8601 timestamp whose date part is
    /// taken as written (CRMs send a date field as a midnight timestamp; its calendar date is what was meant).
    /// Never a day/month guess such as 12/11/2026.
    /// </summary>
    public static bool TryParseDate(string? raw, out DateOnly date)
    {
        date = default;
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy-M-d"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (text.Length > 10 && text[4] == '-' && text[7] == '-' && text[10] is 'T' or 't' or ' '
            && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var written)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            date = written;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A time zone as its IANA id. A Windows id ("Eastern Standard Time") is accepted and kept as its
    /// IANA equivalent, so the webhook, the CRM and the chat form store the same spelling.
    /// </summary>
    public static bool TryParseTimeZone(string? raw, out string ianaId)
    {
        ianaId = "";
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(text, out var found))
        {
            return false;
        }

        if (found.HasIanaId)
        {
            ianaId = found.Id;
            return true;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(found.Id, out var converted) && converted is not null)
        {
            ianaId = converted;
            return true;
        }

        return false;
    }

    /// <summary>One item per line, as the chat form and a CRM text property hold a list: bullets and blank lines dropped.</summary>
    public static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('-', '*', '•', ' ').Trim())
            .Where(l => l.Length > 0);

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    /// <summary>CRMs send dates as yyyy-MM-dd, as ISO timestamps, or (HubSpot's older bodies) as Unix milliseconds: the latter become yyyy-MM-dd.</summary>
    public static string CrmDate(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length >= 10 && value.All(char.IsAsciiDigit) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ms is > 0 and < 253_402_300_799_000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
        }

        return value;
    }
}
