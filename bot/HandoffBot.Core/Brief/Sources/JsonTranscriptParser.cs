using System.Globalization;
using System.Text.Json;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// JSON transcripts: <c>[{"speaker","start","text"}]</c> (start in seconds or "HH:MM:SS"), also when
/// wrapped in an object under "segments", "utterances", "transcript", "sentences", "entries" or
/// "results" (and inside a GraphQL "data.transcript"), with the common alternative key names of
/// recorder exports. Sides come from an entry's "affiliation" / "side" / "is_external", or from
/// "calendar_invitees" [{email, is_external}] matched by the speaker's email (Fathom). Gong's
/// "callTranscripts" documents have their own reader (<see cref="GongTranscriptReader"/>).
/// </summary>
internal static class JsonTranscriptParser
{
    private static readonly string[] Wrappers = ["segments", "utterances", "transcript", "sentences", "entries", "results", "items", "monologues"];
    private static readonly string[] SpeakerKeys = ["speaker", "speaker_name", "speakerName", "name", "participant", "user"];
    private static readonly string[] StartKeys = ["start", "start_time", "startTime", "offset", "timestamp", "begin", "time"];
    private static readonly string[] TextKeys = ["text", "content", "transcript", "utterance", "sentence", "spokenText"];
    private static readonly string[] EmailKeys = ["matched_calendar_invitee_email", "email", "emailAddress"];

    public static SourceReadResult Parse(BriefSource source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(source.Content, new JsonDocumentOptions { MaxDepth = 32, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            var line = ((ex.LineNumber ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
            return SourceReadResult.Fail(source, $"is not valid JSON (line {line}, byte {ex.BytePositionInLine}){SourceSniffer.Hint(source.Content.Split('\n', 5))}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (GongTranscriptReader.IsGong(root))
            {
                return GongTranscriptReader.Read(source, root);
            }

            var container = Unwrap(root);
            var items = container;
            if (items.ValueKind == JsonValueKind.Object)
            {
                items = Wrappers.Select(w => container.TryGetProperty(w, out var inner) ? inner : default)
                    .FirstOrDefault(e => e.ValueKind == JsonValueKind.Array);
            }

            if (items.ValueKind != JsonValueKind.Array)
            {
                return SourceReadResult.Fail(source, "is JSON but not a transcript: expected an array of {\"speaker\", \"start\", \"text\"} objects"
                    + " (or Gong's {\"callTranscripts\": […]}, or such an array under \"segments\", \"utterances\", \"transcript\" or \"sentences\").");
            }

            var invitees = Invitees(root.ValueKind == JsonValueKind.Object ? root : container);
            var cues = new CueCollector(source, "entries")
            {
                Participants = [.. invitees.Values],
                Shape = invitees.Count > 0 ? "JSON entries with calendar invitees (Fathom-like)" : "JSON entries",
            };
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

                cues.Add(Speaker(item), Start(item), text, Side(item, invitees));
            }

            return cues.Finish();
        }
    }

    /// <summary>GraphQL answers put the transcript under data.transcript (Fireflies); other exports under "transcript" as an object.</summary>
    private static JsonElement Unwrap(JsonElement root)
    {
        var e = root;
        foreach (var key in new[] { "data", "transcript" })
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                e = inner;
            }
        }

        return e;
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

    /// <summary>The side an entry states, or the side of the invitee whose email the speaker has.</summary>
    private static SpeakerSide Side(JsonElement item, Dictionary<string, Participant> invitees)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return SpeakerSide.Unknown;
        }

        var own = Stated(item);
        if (own != SpeakerSide.Unknown)
        {
            return own;
        }

        var speaker = item.TryGetProperty("speaker", out var s) && s.ValueKind == JsonValueKind.Object ? s : item;
        if (Stated(speaker) is var stated and not SpeakerSide.Unknown)
        {
            return stated;
        }

        return First(speaker, EmailKeys) is { } email && invitees.TryGetValue(email.Trim(), out var invitee) ? invitee.Side : SpeakerSide.Unknown;
    }

    private static SpeakerSide Stated(JsonElement e)
    {
        foreach (var key in new[] { "is_external", "isExternal", "external" })
        {
            if (e.TryGetProperty(key, out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return flag.ValueKind == JsonValueKind.True ? SpeakerSide.Customer : SpeakerSide.Ours;
            }
        }

        return First(e, ["affiliation", "side"]) is { } word ? SideNames.Parse(word) : SpeakerSide.Unknown;
    }

    /// <summary>Fathom-like "calendar_invitees": [{"email", "name", "is_external"}], by email (case-insensitive: emails are the one such key).</summary>
    private static Dictionary<string, Participant> Invitees(JsonElement root)
    {
        var byEmail = new Dictionary<string, Participant>(StringComparer.OrdinalIgnoreCase);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return byEmail;
        }

        foreach (var key in new[] { "calendar_invitees", "invitees", "attendees", "participants" })
        {
            if (!root.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var p in list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                if (First(p, EmailKeys) is { } email)
                {
                    var name = First(p, ["name", "display_name", "displayName"]) ?? email;
                    byEmail.TryAdd(email.Trim(), new Participant(name, Stated(p), email.Trim()));
                }
            }
        }

        return byEmail;
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

            if (v.ValueKind == JsonValueKind.String)
            {
                var text = v.GetString();
                if (CueTime.TryParse(text, out var t))
                {
                    return t;
                }

                // Fireflies types start_time as a string of seconds ("12.5").
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 360_000)
                {
                    return TimeSpan.FromSeconds(Math.Round(s, 3));
                }
            }
        }

        return null;
    }
}
