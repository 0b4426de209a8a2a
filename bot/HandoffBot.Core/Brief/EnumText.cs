namespace HandoffBot.Core.Brief;

/// <summary>
/// Enum values as every surface writes them: snake_case ("economic_buyer", "scope_creep_oversell").
/// The one reader of choices for the deal webhook, the CRM mapping, the chat forms and the brief JSON.
/// </summary>
public static class EnumText
{
    public const int MaxLength = 64;

    public static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    /// <summary>Every value's snake_case name, for "expected one of" messages.</summary>
    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Snake));

    /// <summary>
    /// Accepts "economic_buyer", "Economic Buyer", "economic-buyer", "EconomicBuyer", "scope creep/oversell":
    /// letters with <c>_ - / space</c> between them, any case (these are labels, not ids). Never a number,
    /// never a comma list, nothing longer than <see cref="MaxLength"/>.
    /// </summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return false;
        }

        Span<char> letters = stackalloc char[MaxLength];
        var length = 0;
        foreach (var ch in text.Trim())
        {
            if (char.IsLetter(ch))
            {
                letters[length++] = ch;
            }
            else if (ch is not ('_' or '-' or '/' or ' '))
            {
                return false;
            }
        }

        return length > 0 && Enum.TryParse(letters[..length], ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
