using System.Text.Json;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>
/// Gong's transcript JSON: the answer of POST /v2/calls/transcript ({"callTranscripts": [{"callId",
/// "transcript": [{"speakerId", "topic", "sentences": [{"start", "end", "text"}]}]}]}), optionally
/// with the parties of POST /v2/calls/extensive beside it ({"calls": [{"metaData", "parties": [{"speakerId",
/// "name", "emailAddress", "title", "affiliation"}]}]}) — the document the Gong job stores. Each
/// sentence is an utterance (start in milliseconds); the speaker is the party with that speakerId,
/// compared as a string (ids exceed 2^53 and are never read as numbers); a speakerId no party has
/// is "Unknown speaker". Affiliation Internal is our side, External the customer's.
/// </summary>
internal static class GongTranscriptReader
{
    public const string UnknownSpeaker = "Unknown speaker";

    public static bool IsGong(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("callTranscripts", out var t) && t.ValueKind == JsonValueKind.Array;

    public static SourceReadResult Read(BriefSource source, JsonElement root)
    {
        var parties = Parties(root);
        var cues = new CueCollector(source, "sentences")
        {
            Participants = [.. parties.Values.Where(p => p.Name != UnknownSpeaker).DistinctBy(p => p.Name, StringComparer.Ordinal)],
            Shape = parties.Count > 0 ? "Gong API JSON (transcript + parties)" : "Gong API JSON (transcript only: speakers unknown)",
        };
        var monologue = 0;
        foreach (var call in root.GetProperty("callTranscripts").EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object || !call.TryGetProperty("transcript", out var transcript) || transcript.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var part in transcript.EnumerateArray())
            {
                monologue++;
                if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("sentences", out var sentences) || sentences.ValueKind != JsonValueKind.Array)
                {
                    cues.Broken(monologue, "a monologue without \"sentences\" (monologues are counted from 1)");
                    continue;
                }

                var id = Id(part, "speakerId");
                var party = id is not null && parties.TryGetValue(id, out var known) ? known : new Participant(UnknownSpeaker, SpeakerSide.Unknown);
                foreach (var sentence in sentences.EnumerateArray())
                {
                    if (sentence.ValueKind == JsonValueKind.Object && sentence.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                    {
                        cues.Add(party.Name, Millis(sentence), text.GetString() ?? "", party.Side);
                    }
                }
            }
        }

        return cues.Finish();
    }

    /// <summary>speakerId → party, from "calls"[].parties (the extensive endpoint) or a top-level "parties".</summary>
    private static Dictionary<string, Participant> Parties(JsonElement root)
    {
        var parties = new Dictionary<string, Participant>(StringComparer.Ordinal);
        IEnumerable<JsonElement> lists = root.TryGetProperty("calls", out var calls) && calls.ValueKind == JsonValueKind.Array
            ? calls.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("parties", out var p) ? p : default)
            : [];
        if (root.TryGetProperty("parties", out var top))
        {
            lists = lists.Append(top);
        }

        foreach (var list in lists.Where(l => l.ValueKind == JsonValueKind.Array))
        {
            foreach (var party in list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
            {
                if (Id(party, "speakerId") is not { } speakerId)
                {
                    continue; // invited, never spoke
                }

                var email = Text(party, "emailAddress");
                var name = Text(party, "name") ?? email ?? UnknownSpeaker;
                parties.TryAdd(speakerId, new Participant(name, SideNames.Parse(Text(party, "affiliation")), email, Text(party, "title")));
            }
        }

        return parties;
    }

    /// <summary>An id as Gong wrote it: a string, or the digits of a number exactly as sent (never through a double).</summary>
    private static string? Id(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(v.GetString()) => v.GetString()!.Trim(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static string? Text(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;

    private static TimeSpan? Millis(JsonElement sentence) =>
        sentence.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var ms) && ms >= 0 && ms < 360_000_000
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
