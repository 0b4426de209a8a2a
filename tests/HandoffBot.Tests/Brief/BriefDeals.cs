using System.Text.Json.Nodes;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Brief;

/// <summary>Deals with notes and transcripts, as the CRM sends them.</summary>
internal static class BriefDeals
{
    /// <summary>A phrase that must never reach a log line.</summary>
    public const string Secret = "Raj signs off on anything over fifty thousand";

    public const string Call = """
        WEBVTT

        00:12:41.000 --> 00:12:47.000
        <v Dana Ruiz>I'm Dana Ruiz, VP of Operations, and I've been pushing for this internally.

        00:12:48.000 --> 00:12:55.000
        <v Dana Ruiz>Our goal is to cut late deliveries below three percent by March.

        00:12:56.000 --> 00:13:04.000
        <v Dana Ruiz>Honestly my worry is timing: we go into peak season freeze in December, so if we slip we lose the season.

        00:13:05.000 --> 00:13:12.000
        <v Avery Brooks>We'll have your dispatchers trained by November 20, before the freeze.

        00:13:13.000 --> 00:13:20.000
        <v Dana Ruiz>Also, Raj signs off on anything over fifty thousand, he's our CFO.
        """;

    public const string Note = "Commercials:\n- 15% discount on year one.\n- Net 60 payment terms.";

    public static JsonObject WithSources(string crmId = "CRM-2001", bool transcript = true, bool note = true)
    {
        var deal = Deals.Minimal(crmId);
        if (note)
        {
            deal["notes"] = new JsonArray(new JsonObject { ["id"] = "n-1", ["author"] = Deals.Ae, ["createdAt"] = "2026-05-03T15:00:00Z", ["text"] = Note });
        }

        if (transcript)
        {
            deal["transcripts"] = new JsonArray(new JsonObject { ["id"] = "call-1", ["format"] = "vtt", ["recordedAt"] = "2026-05-03T14:00:00Z", ["content"] = Call });
        }

        return deal;
    }
}
