namespace HandoffBot.Core.Crm;

/// <summary>
/// Salesforce record ids. The 15-character form is case-sensitive; the 18-character form appends a
/// checksum of the letters' case (three chunks of five, bit i set when character i is A–Z, mapped
/// through A–Z0–5). Ids are normalised to 18 characters and then compared ordinally, never by
/// lower-casing: "00Dxx…a" and "00Dxx…A" are different records in the 15-character form.
/// </summary>
public static class SalesforceId
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>The checksum suffix of a 15-character id.</summary>
    public static string Checksum(ReadOnlySpan<char> id15)
    {
        if (id15.Length != 15)
        {
            throw new ArgumentException("A Salesforce id checksum is computed over exactly 15 characters.", nameof(id15));
        }

        Span<char> suffix = stackalloc char[3];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
            {
                if (char.IsAsciiLetterUpper(id15[(chunk * 5) + i]))
                {
                    bits |= 1 << i;
                }
            }

            suffix[chunk] = Alphabet[bits];
        }

        return new string(suffix);
    }

    /// <summary>
    /// The 18-character form of a 15- or 18-character alphanumeric id, or null when the text is not
    /// shaped like an id. An 18-character id whose case was changed on the way (a lower-cased copy)
    /// is restored from its checksum; one whose checksum cannot be explained is kept exactly as sent.
    /// </summary>
    public static string? Normalize(string? id)
    {
        var text = id?.Trim();
        if (text is null || (text.Length != 15 && text.Length != 18) || !text.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }

        if (text.Length == 15)
        {
            return text + Checksum(text);
        }

        var prefix = text.AsSpan(0, 15);
        var suffix = text[15..].ToUpperInvariant(); // the suffix alphabet itself is case-insensitive
        if (Checksum(prefix) == suffix)
        {
            return string.Concat(prefix, suffix);
        }

        return Restore(prefix, suffix) ?? text;
    }

    /// <summary>True when both are the same org: the 15-character prefixes of the normalised ids are equal (ordinal).</summary>
    public static bool SameOrganization(string? a, string? b)
    {
        var left = Normalize(a);
        var right = Normalize(b);
        return left is not null && right is not null && string.Equals(left[..15], right[..15], StringComparison.Ordinal);
    }

    private static string? Restore(ReadOnlySpan<char> prefix, string suffix)
    {
        Span<char> fixedCase = stackalloc char[15];
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = Alphabet.IndexOf(suffix[chunk], StringComparison.Ordinal);
            if (bits < 0)
            {
                return null;
            }

            for (var i = 0; i < 5; i++)
            {
                var c = prefix[(chunk * 5) + i];
                var upper = (bits & (1 << i)) != 0;
                if (upper && !char.IsAsciiLetter(c))
                {
                    return null;
                }

                fixedCase[(chunk * 5) + i] = char.IsAsciiLetter(c) ? (upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)) : c;
            }
        }

        return string.Concat(fixedCase, suffix);
    }
}
