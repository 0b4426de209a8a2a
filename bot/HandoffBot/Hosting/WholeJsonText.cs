using System.Text.Json;

namespace HandoffBot.Hosting;

/// <summary>
/// JSON from outside may escape half of a UTF-16 surrogate pair (<c>"\uD83D"</c> alone). The
/// parsers accept it, but reading or re-writing that string throws later, far from the edge (a 500
/// after the request was accepted, or a stored job that can never run). Requests are checked here
/// first, so such a body is refused as bad input like any other malformed JSON.
/// </summary>
public static class WholeJsonText
{
    /// <summary>
    /// True when every string (names and values) in <paramref name="utf8"/> reads as whole
    /// characters; false for a lone surrogate escape. Malformed JSON is left for the real parser to
    /// describe (true is returned for it).
    /// </summary>
    public static bool HasOnlyWholeCharacters(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }

        return true;
    }
}
