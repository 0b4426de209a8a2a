using System.Globalization;
using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// Calendar dates in a promise: "by November 20", "before March 1", "(August 17)", "by 12/1",
/// "2026-12-15". A date without a year is the next such date on or after the reference date (the
/// source's date, else the deal's close date). Vague ones ("end of Q1", "first week of June") give
/// no date: the words stay in the commitment's text.
/// </summary>
internal static partial class DateExpressions
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateOnly? First(string text, DateOnly? reference)
    {
        var iso = Iso().Match(text);
        if (iso.Success && DateOnly.TryParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }

        var named = Named().Match(text);
        if (named.Success)
        {
            var month = Array.IndexOf(Months, named.Groups["m"].Value[..3].ToLowerInvariant()) + 1;
            return Build(month, int.Parse(named.Groups["d"].Value, CultureInfo.InvariantCulture), named.Groups["y"], reference);
        }

        var numeric = Numeric().Match(text);
        if (numeric.Success)
        {
            return Build(int.Parse(numeric.Groups["mo"].Value, CultureInfo.InvariantCulture), int.Parse(numeric.Groups["d"].Value, CultureInfo.InvariantCulture), numeric.Groups["y"], reference);
        }

        return null;
    }

    private static DateOnly? Build(int month, int day, Group year, DateOnly? reference)
    {
        if (month is < 1 or > 12 || day < 1 || day > 31)
        {
            return null;
        }

        if (year.Success)
        {
            var y = int.Parse(year.Value, CultureInfo.InvariantCulture);
            y = y < 100 ? 2000 + y : y;
            return day <= DateTime.DaysInMonth(y, month) ? new DateOnly(y, month, day) : null;
        }

        if (reference is not { } r)
        {
            return null;
        }

        for (var y = r.Year; y <= r.Year + 1; y++)
        {
            if (day <= DateTime.DaysInMonth(y, month) && new DateOnly(y, month, day) is var candidate && candidate >= r)
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b")]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b(?<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>\d{4}))?", RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    [GeneratedRegex(@"\b(?:by|before|on|until|due)\s+(?<mo>\d{1,2})/(?<d>\d{1,2})(?:/(?<y>\d{2,4}))?\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Numeric();
}
