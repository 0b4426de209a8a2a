using System.Globalization;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>Timestamps as transcripts write them: 01:02:03.456, 02:03.456, 01:02:03,456 (SRT), 12:41, 1:02:03.</summary>
internal static class CueTime
{
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        if (text.IsEmpty || text.Length > 16)
        {
            return false;
        }

        Span<int> parts = stackalloc int[3];
        var count = 0;
        var fraction = 0.0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var end = i == text.Length;
            var c = end ? ':' : text[i];
            if (c is ':' or '.' or ',')
            {
                var piece = text[start..i];
                if (piece.IsEmpty || !IsDigits(piece))
                {
                    return false;
                }

                if (c is '.' or ',')
                {
                    // The fraction runs to the end; nothing may follow it.
                    var rest = text[(i + 1)..];
                    if (rest.IsEmpty || !IsDigits(rest) || count >= 3)
                    {
                        return false;
                    }

                    parts[count++] = int.Parse(piece, CultureInfo.InvariantCulture);
                    fraction = double.Parse("0." + rest.ToString(), CultureInfo.InvariantCulture);
                    break;
                }

                if (count >= 3)
                {
                    return false;
                }

                parts[count++] = int.Parse(piece, CultureInfo.InvariantCulture);
                start = i + 1;
            }
            else if (end)
            {
                break;
            }
        }

        if (count < 2)
        {
            return false;
        }

        int h = count == 3 ? parts[0] : 0, m = parts[count - 2], s = parts[count - 1];
        if ((count == 3 && m > 59) || m > 999 || s > 59 || h > 99)
        {
            return false;
        }

        value = new TimeSpan(h, m, s) + TimeSpan.FromSeconds(fraction);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return s.Length <= 6;
    }

    public static string Format(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
