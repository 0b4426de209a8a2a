using System.Globalization;
using System.Text.Json;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// JSON transcripts: <c>[{"speaker","start","text"}]</c> (start in seconds or "HH:MM:SS"), also when
/// wrapped in an object under "segments", "utterances", "transcript", "entries" or "results", and
/// with the common alternative key names of recorder exports.
/// </summary>
internal static class JsonTranscriptParser
{
    private static readonly string[] Wrappers = ["segments", "utterances", "transcript", "entries", "results", "items", "monologues"];
    private static readonly string[] SpeakerKeys = ["speaker", "speaker_name", "speakerName", "name", "participant", "user"];
    private static readonly string[] StartKeys = ["start", "start_time", "startTime", "offset", "timestamp", "begin", "time"];
    private static readonly string[] TextKeys = ["text", "content", "transcript", "utterance", "sentence"];

    public static SourceReadResult Parse(BriefSource source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(source.Content, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var line = ((ex.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
            return SourceReadResult.Fail(source, $"is not valid JSON (line {line}, byte {ex.BytePositionInLine}){SourceSniffer.Hint(source.Content.Split('\n', 5))}");
        }

        using (doc)
        {
            var items = doc.RootElement;
            if (items.ValueKind == JsonValueKind.Object)
            {
                items = Wrappers.Select(w => items.TryGetProperty(w, out var inner) ? inner : default)
                    .FirstOrDefault(e => e.ValueKind == JsonValueKind.Array);
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                return SourceReadResult.Fail(source, "is JSON but not a transcript: expected an array of {\"speaker\", \"start\", \"text\"} objects.");
            }

            var cues = new CueCollector(source, "entries");
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                index++;
                var text = item.ValueKind == JsonValueKind.Object ? First(item, TextKeys) : null;
                if (text is null)
                {
                    cues.Broken(index, "an entry without \"text\" (entries are counted from 1)");
                    continue;
                }

                cues.Add(Speaker(item), Start(item), text);
            }

            return cues.Finish();
        }
    }

    private static string? First(JsonElement item, string[] keys) =>
        keys.Select(k => item.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string? Speaker(JsonElement item)
    {
        foreach (var key in SpeakerKeys)
        {
            if (!item.TryGetProperty(key, out var v))
            {
                continue;
            }

            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    return v.GetString();
                case JsonValueKind.Number:
                    return "Speaker " + v.GetRawText();
                case JsonValueKind.Object when First(v, ["name", "display_name", "displayName"]) is { } name:
                    return name;
            }
        }

        return null;
    }

    private static TimeSpan? Start(JsonElement item)
    {
        foreach (var key in StartKeys)
        {
            if (!item.TryGetProperty(key, out var v))
            {
                continue;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var seconds) && seconds >= 0 && seconds < 360_000)
            {
                return TimeSpan.FromSeconds(Math.Round(seconds, 3));
            }

            if (v.ValueKind == JsonValueKind.String && CueTime.TryParse(v.GetString(), out var t))
            {
                return t;
            }
        }

        return null;
    }
}
