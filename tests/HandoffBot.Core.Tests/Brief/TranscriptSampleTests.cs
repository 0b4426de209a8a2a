using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using static HandoffBot.Core.Tests.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>
/// Transcripts the way sales teams have them, from tests/transcript-samples (written by others where a
/// licence allowed, otherwise in the documented shapes; see its SOURCES.md), plus documented edge cases.
/// </summary>
public sealed class TranscriptSampleTests
{
    private static (string? Speaker, string Text, TimeSpan? At, SpeakerSide Side)[] Lines(ParsedSource s) =>
        [.. s.Utterances.Select(u => (u.Speaker, s.TextOf(u), u.Offset, u.Side))];

    [Fact]
    public void SharedTeamsSample_Scrumscribe_SentenceSplitOverTwoCuesIsOneUtterance()
    {
        var s = TranscriptSamples.Read("teams_vtt_scrumscribe_tests-fixture.vtt");

        Assert.Equal(
            [
                ("Avish Maniar", "Um, so this week I finished the WCOnline sync and pushed the Supabase migration.", TimeSpan.FromSeconds(1), SpeakerSide.Unknown),
                ("Dr. Chen", "Good. Is the tutor availability table populated yet?", TimeSpan.FromSeconds(9.5), SpeakerSide.Unknown),
                ("Avish Maniar", "Not yet, I'm blocked on the API rate limit.", TimeSpan.FromSeconds(14.2), SpeakerSide.Unknown),
            ],
            Lines(s));
        Assert.Equal("WebVTT, voice tags (Microsoft Teams)", s.Shape);
    }

    [Fact]
    public void SharedTeamsSample_Turnchunk_WholeSentencesStayOneCueEach()
    {
        var s = TranscriptSamples.Read("teams_vtt_turnchunk_tests-fixture.vtt");

        Assert.Equal(["Alice Chen", "Alice Chen", "Bob Ferreira", "Bob Ferreira"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal([1.0, 4.5, 9.2, 12.0], s.Utterances.Select(u => u.Offset!.Value.TotalSeconds));
        Assert.Equal("I'd want to see their justification before we agree to anything.", s.TextOf(s.Utterances[3]));
    }

    [Fact]
    public void SharedZoomSample_NamePrefix_IsTheSpeakerAndAColonInTheTextStays()
    {
        var s = TranscriptSamples.Read("zoom_vtt_turnchunk_tests-fixture.vtt");

        Assert.Equal(["Priya Raman", "Tom Ableton", "Priya Raman"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal("Great. So here's the thing: we're behind on the audit.", s.TextOf(s.Utterances[2]));
        Assert.Equal(TimeSpan.FromSeconds(7.9), s.Utterances[2].Offset);
    }

    [Fact]
    public void SharedOtterSample_HeaderAndWrappedParagraph_OneUtterancePerTurn()
    {
        var source = TranscriptSamples.Source("otter_txt_turnchunk_tests-fixture.txt");
        var s = TranscriptSamples.Read("otter_txt_turnchunk_tests-fixture.txt");

        Assert.Equal(SourceKind.Transcript, source.Kind);
        Assert.Equal(
            [
                ("Alice Chen", "Right, let's start with the renewal. They came back asking for\na twelve percent increase.", TimeSpan.FromSeconds(1), SpeakerSide.Unknown),
                ("Bob Ferreira", "Twelve? That's well above what we budgeted.", TimeSpan.FromSeconds(9), SpeakerSide.Unknown),
            ],
            Lines(s));
    }

    [Fact]
    public void RealZoomExport_EverySpeakerReadNoPrefixLeftAndUnnamedCuesKept()
    {
        var s = TranscriptSamples.Read("zoom_vtt_zoomgroupstats_meeting003.vtt");

        Assert.Equal(["Andrew Knight", "George Harrison", "John Lennon", "Paul McCartney", "Ringo Starr"],
            s.Utterances.Select(u => u.Speaker).OfType<string>().Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(s.Utterances, u => s.TextOf(u).StartsWith(u.Speaker + ":", StringComparison.Ordinal));
        Assert.Equal(["And that", "Yes. Okay."], s.Utterances.Where(u => u.Speaker is null).Select(s.TextOf));
        var phone = Assert.Single(s.Utterances, u => s.TextOf(u).Contains("321-584-0624", StringComparison.Ordinal));
        Assert.Equal("Paul McCartney", phone.Speaker);
        Assert.Equal(new TimeSpan(0, 0, 2, 36, 960), phone.Offset);

        // A sentence Zoom cut between two speakers ("…that needs to" / "Be adjusted") is not joined across them.
        Assert.Contains(s.Utterances, u => u.Speaker == "Paul McCartney" && s.TextOf(u) == "Be adjusted");
    }

    [Fact]
    public void TeamsDownloadShape_GuidIdsSplitUtteranceEscapesAndMissingCloseTag_AreRead()
    {
        var s = TranscriptSamples.Read("teams_vtt_download-shape.vtt");

        Assert.Equal(
            [
                ("Brooks, Avery [Sales]", "Thanks for making time today, Dana.", new TimeSpan(0, 0, 0, 3, 120), SpeakerSide.Unknown),
                ("Dana Ruiz", "Our goal is to have every depot on the new routes before the peak season starts in November.", new TimeSpan(0, 0, 0, 5, 900), SpeakerSide.Unknown),
                ("Brooks, Avery [Sales]", "We will have SSO live by December 15, SAML and SCIM both included.", new TimeSpan(0, 0, 0, 12, 500), SpeakerSide.Unknown),
                ("José Martínez", "R&D signs off on the integration <not IT>.", new TimeSpan(0, 0, 0, 19, 400), SpeakerSide.Unknown),
                ("Dr. Chen Li", "I'm worried the budget is not approved for next year.", new TimeSpan(0, 0, 0, 24, 100), SpeakerSide.Unknown),
            ],
            Lines(s));
    }

    [Fact]
    public void TeamsMetadataContent_JsonCuePayloads_GiveSpeakerAndSpokenText()
    {
        var s = TranscriptSamples.Read("teams_metadatacontent_graph-shape.vtt");

        Assert.Equal(["Avery Brooks", "Dana Ruiz", "Renée O'Hara"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal("Legal said \"net sixty\" is fine — as agreed.", s.TextOf(s.Utterances[2]));
        Assert.Equal(new TimeSpan(0, 0, 0, 18, 10), s.Utterances[1].Offset);
        Assert.Equal("WebVTT, Microsoft Teams metadataContent", s.Shape);
    }

    [Fact]
    public void ParticipantsNote_GivesEachSpeakerItsSide_AndANoteInsideTheTextStaysText()
    {
        var s = TranscriptSamples.Read("vtt_participants-note.vtt");

        Assert.Equal(
            [
                ("Avery Brooks", "We'll get you onboarded in two weeks.", TimeSpan.FromSeconds(1), SpeakerSide.Ours),
                ("Dana Ruiz", "Note: our CFO has to approve anything over fifty thousand.", TimeSpan.FromSeconds(4.5), SpeakerSide.Customer),
                ("Sam Lee", "I'll own the data migration myself.", TimeSpan.FromSeconds(9.2), SpeakerSide.Ours),
                ("Raj", "Works for me.", TimeSpan.FromSeconds(12.3), SpeakerSide.Customer),
            ],
            Lines(s));
        Assert.Contains(new Participant("Dana Ruiz", SpeakerSide.Customer, "dana@acme.example"), s.Participants);
        Assert.Contains(new Participant("Casey Lin", SpeakerSide.Ours), s.Participants);
    }

    [Fact]
    public void OtterSrt_SpeakerPrefixes_UnnamedCuesContinueAndASentenceOverThreeCuesIsJoined()
    {
        var s = TranscriptSamples.Read("otter_srt_speaker-names.srt");

        Assert.Equal(["Avery Brooks", "Avery Brooks", "Dana Ruiz", "Unknown Speaker"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal("We will migrate your historical\ndata before go-live at no extra cost.", s.TextOf(s.Utterances[1]));
        Assert.Equal(TimeSpan.FromSeconds(3.12), s.Utterances[1].Offset);
    }

    [Fact]
    public void OtterTxt_UnknownSpeakerHoursTrailingSpacesAndFooter_AreRead()
    {
        var s = TranscriptSamples.Read("otter_txt_export-shape.txt");

        Assert.Equal(["Avery Brooks", "Dana Ruiz", "Dana Ruiz", "Unknown Speaker", "Speaker 2"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal(new TimeSpan(1, 2, 3), s.Utterances[4].Offset);
        Assert.DoesNotContain("otter.ai", s.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void OtterTxtPastedIntoMarkdown_BoldNamesWithOneSpace_AreHeaders()
    {
        var source = Transcript("**Ali** 0:00  \nComputer science concepts can be intimidating.\n\n**Kelly**  0:16\nWelcome to the show.\n");

        var s = Parse(source);

        Assert.Equal([("Ali", TimeSpan.Zero), ("Kelly", TimeSpan.FromSeconds(16))], s.Utterances.Select(u => (u.Speaker!, u.Offset!.Value)));
        Assert.True(HandoffBot.Core.Brief.SourceFiles.StartsWithSpeakerHeader(source.Content));
    }

    [Fact]
    public void GongDocument_SpeakersJoinedBySpeakerIdAsStrings_UnknownIdIsUnknownSpeaker()
    {
        var s = TranscriptSamples.Read("gong_call_transcript-and-parties.json");

        // 6432345678555530067 and …068 are the same double: only string ids keep Avery and Dana apart.
        Assert.Equal(
            [
                ("Avery Brooks", "Thanks for joining, Dana.", TimeSpan.FromMilliseconds(1200), SpeakerSide.Ours),
                ("Avery Brooks", "We will have your SSO integration live by December 15.", TimeSpan.FromMilliseconds(4200), SpeakerSide.Ours),
                ("Dana Ruiz", "Our goal is to cut late deliveries in half before peak season.", TimeSpan.FromMilliseconds(10230), SpeakerSide.Customer),
                ("Dana Ruiz", "I'm worried the budget is not approved for next year.", TimeSpan.FromMilliseconds(15400), SpeakerSide.Customer),
                ("Unknown speaker", "No wait, I think we should check that out first.", TimeSpan.FromMilliseconds(460230), SpeakerSide.Unknown),
            ],
            Lines(s));
        Assert.Equal(
            [new Participant("Avery Brooks", SpeakerSide.Ours, "avery.ae@example.com", "Account Executive"), new Participant("Dana Ruiz", SpeakerSide.Customer, "dana@acme.example", "VP Operations")],
            s.Participants);
    }

    [Fact]
    public void GongTranscriptWithoutParties_EverySpeakerIsUnknown()
    {
        var s = TranscriptSamples.Read("gong_transcript_api-response-schema-example.json");

        var u = Assert.Single(s.Utterances);
        Assert.Equal("Unknown speaker", u.Speaker);
        Assert.Equal(TimeSpan.FromMilliseconds(460230), u.Offset);
    }

    [Fact]
    public void FathomShape_SideFromTheInviteeWithTheSpeakersEmail_InAnyCase()
    {
        var s = TranscriptSamples.Read("fathom_webhook-shape.json");

        Assert.Equal([SpeakerSide.Ours, SpeakerSide.Customer, SpeakerSide.Unknown], s.Utterances.Select(u => u.Side));
        Assert.Equal(TimeSpan.FromSeconds(72), s.Utterances[1].Offset);
    }

    [Fact]
    public void FirefliesShape_SentencesUnderDataTranscript_StartTimesAsStrings()
    {
        var s = TranscriptSamples.Read("fireflies_graphql-shape.json");

        Assert.Equal(["Avery Brooks", "Dana Ruiz"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal(TimeSpan.FromSeconds(2.35), s.Utterances[1].Offset);
    }

    [Fact]
    public void GraphDocExample_UnpaddedTimings_AreRead()
    {
        // Graph's calltranscript-get example 2, as documented.
        var s = Parse(Transcript("WEBVTT\n\n0:0:0.0 --> 0:0:5.320\n<v User Name>This is a transcript test.</v>\n", TranscriptFormat.Vtt));

        var u = Assert.Single(s.Utterances);
        Assert.Equal(("User Name", TimeSpan.Zero), (u.Speaker, u.Offset));
    }

    [Fact]
    public void NegativeStart_TranscriptionBegunMidCall_ReadAsTheStart()
    {
        var s = Parse(Transcript("WEBVTT\n\n-0:0:1.5 --> 0:0:2.0\n<v A B>Already talking.</v>\n\n0:0:2.5 --> 0:0:4.0\n<v A B>Then this.</v>\n", TranscriptFormat.Vtt));

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(2.5)], s.Utterances.Select(u => u.Offset!.Value));
    }

    [Fact]
    public void TwoVoicesInOneCue_AreTwoUtterances()
    {
        var s = Parse(Transcript("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana Lima>Ready?</v>\n<v Ben Ode>Yes, go ahead.</v>\n", TranscriptFormat.Vtt));

        Assert.Equal([("Ana Lima", "Ready?"), ("Ben Ode", "Yes, go ahead.")], s.Utterances.Select(u => (u.Speaker, s.TextOf(u))));
    }

    [Fact]
    public void RollingCaptions_ACueRepeatingAndExtendingTheLast_ReplacesIt()
    {
        var s = Parse(Transcript("WEBVTT\n\na/1-0\n00:00:01.000 --> 00:00:03.000\n<v Bob>Agreed</v>\n\na/2-0\n00:00:02.000 --> 00:00:05.000\n<v Bob>Agreed, let us do that.</v>\n", TranscriptFormat.Vtt));

        var u = Assert.Single(s.Utterances);
        Assert.Equal(("Agreed, let us do that.", TimeSpan.FromSeconds(1)), (s.TextOf(u), u.Offset!.Value));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void WindowsAndOldMacLineEnds_AreRead(string newline)
    {
        var s = Parse(Transcript(string.Join(newline, "WEBVTT", "", "00:00:01.000 --> 00:00:02.000", "<v Ana Lima>One.</v>", "", "00:00:03.000 --> 00:00:04.000", "<v Ben Ode>Two.</v>", ""), TranscriptFormat.Vtt));

        Assert.Equal(["Ana Lima", "Ben Ode"], s.Utterances.Select(u => u.Speaker));
    }

    [Fact]
    public void Inspect_ProseWithoutSpeakers_IsRefusedNamingTheLine()
    {
        var inspection = TranscriptInspector.Inspect("t-1", "\nWe talked about pricing and the rollout.\nIt went well.\n", TranscriptFormat.Text);

        Assert.Null(inspection.Source);
        Assert.Contains("names no speaker", inspection.Problem, StringComparison.Ordinal);
        Assert.Contains("line 2 reads 'We talked about pricing and the rollout.'", inspection.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_DeclaredVttButSrt_SaysWhatItLooksLike()
    {
        var inspection = TranscriptInspector.Inspect("t-1", "1\n00:00:01,000 --> 00:00:02,000\nDana: hi\n", TranscriptFormat.Vtt);

        Assert.Contains("looks like SRT", inspection.Problem, StringComparison.Ordinal);
        Assert.Equal(TranscriptFormat.Vtt, inspection.Format);
    }

    [Fact]
    public void Inspect_SniffedSampleFormats_AreDetected()
    {
        Assert.Equal(TranscriptFormat.Vtt, TranscriptInspector.Inspect("a", TranscriptSamples.Text("zoom_vtt_turnchunk_tests-fixture.vtt"), TranscriptFormat.Text).Format);
        Assert.Equal(TranscriptFormat.Srt, TranscriptInspector.Inspect("b", TranscriptSamples.Text("otter_srt_speaker-names.srt"), TranscriptFormat.Text).Format);
        Assert.Equal(TranscriptFormat.Json, TranscriptInspector.Inspect("c", TranscriptSamples.Text("gong_call_transcript-and-parties.json"), TranscriptFormat.Text).Format);
        Assert.Equal(TranscriptFormat.Text, TranscriptInspector.Inspect("d", TranscriptSamples.Text("otter_txt_turnchunk_tests-fixture.txt"), TranscriptFormat.Text).Format);
        Assert.Null(TranscriptInspector.Inspect("d", TranscriptSamples.Text("otter_txt_turnchunk_tests-fixture.txt"), TranscriptFormat.Text).Problem);
    }
}
