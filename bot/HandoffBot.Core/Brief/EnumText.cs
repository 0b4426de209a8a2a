namespace HandoffBot.Core.Brief;

/// <summary>Enum values as the label format writes them: snake_case ("economic_buyer", "scope_creep_oversell").</summary>
public static class EnumText
{
    public static string Snake<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    /// <summary>Accepts "economic_buyer", "Economic Buyer", "economic-buyer", "EconomicBuyer"; not numbers.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = new string([.. text.Where(char.IsLetter)]);
        return compact.Length > 0 && Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
