using System.Security.Cryptography;

namespace HandoffBot.Core.Application;

/// <summary>Short ids people can type in chat: "HO-" and 7 Crockford base-32 characters (no I, L, O, U).</summary>
public static class HandoffIds
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> chars = stackalloc char[7];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return "HO-" + new string(chars);
    }

    public static bool LooksLikeId(string text) =>
        text.Length == 10 && text.StartsWith("HO-", StringComparison.OrdinalIgnoreCase)
        && text[3..].All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal));
}
