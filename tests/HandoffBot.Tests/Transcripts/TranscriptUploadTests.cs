using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests.Transcripts;

/// <summary>POST /api/handoffs/{id}/transcripts through HTTP: files as people have them, and every way an upload goes wrong.</summary>
public sealed class TranscriptUploadTests : IAsyncLifetime
{
    private TranscriptWorld world = null!;

    public async Task InitializeAsync() => world = await TranscriptWorld.StartAsync(
        settings: new Dictionary<string, string?> { ["Transcripts:MaxUploadBytes"] = "200000" },
        services: s => s.AddSingleton(new SourceLimit(150_000)));

    public async Task DisposeAsync() => await world.DisposeAsync();

    private HandoffBotApp App => world.App;

    private async Task<HttpResponseMessage> PostAsync(string id, HttpContent content, string query = "")
    {
        using var client = App.AdminClient();
        return await client.PostAsync($"/api/handoffs/{id}/transcripts{query}", content);
    }

    private static ByteArrayContent File(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    private async Task<Handoff> StoredAsync(string id) => (await App.Get<IHandoffStore>().GetAsync(id))!;

    /// <summary>What a problem response says: its detail and every field error, as text.</summary>
    internal static async Task<string> ProblemTextAsync(HttpResponseMessage response)
    {
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var errors = problem["errors"]?.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => $"{e.Key}: {m!.GetValue<string>()}")) ?? [];
        return string.Join("\n", [problem["detail"]?.GetValue<string>() ?? "", .. errors]);
    }

    [Fact]
    public async Task Upload_TeamsVttFile_IsAddedDetectedAndTheBriefIsRedraftedFromIt()
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id, File(TranscriptWorld.Sample("teams_vtt_download-shape.vtt"), "text/vtt"), "?id=discovery-call&recordedAt=2026-10-20T15:00:00Z");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/handoffs/{id}/transcripts/discovery-call", response.Headers.Location!.OriginalString);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var transcript = body["transcript"]!;
        Assert.Equal(("vtt", "WebVTT, voice tags (Microsoft Teams)", 5), (transcript["format"]!.GetValue<string>(), transcript["detected"]!.GetValue<string>(), transcript["utterances"]!.GetValue<int>()));
        Assert.Contains(transcript["speakers"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "José Martínez");
        Assert.StartsWith("re-drafting", body["brief"]!.GetValue<string>(), StringComparison.Ordinal);

        var stored = await StoredAsync(id);
        var t = Assert.Single(stored.Transcripts);
        Assert.Equal((TranscriptFormat.Vtt, new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.Zero), TranscriptWorld.Sample("teams_vtt_download-shape.vtt")), (t.Format, t.RecordedAt!.Value, t.Content));
        Assert.Equal(TranscriptEndpointsActor, stored.Audit.Last(a => a.Event == "transcript.added").Actor);
        var jobs = await App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 100);
        Assert.Contains(jobs, j => j.Kind == BriefPlanner.Draft);

        await App.RunJobsAsync();

        // The goal Teams split over cues /13-0 and /13-1 reaches the brief as one sentence, with its speaker and time.
        var draft = (await StoredAsync(id)).Draft!;
        Assert.Contains(draft.Goals, g => g.Evidence.SourceId == "discovery-call" && g.Evidence.Speaker == "Dana Ruiz" && g.Evidence.Offset == new TimeSpan(0, 0, 0, 5, 900)
            && g.Evidence.Quote == "Our goal is to have every depot on the new routes before the peak season starts in November.");
    }

    private const string TranscriptEndpointsActor = HandoffBot.Transcripts.TranscriptEndpoints.UploadActor;

    [Fact]
    public async Task Upload_TheSameFileTwice_SecondIsOkAndChangesNothing()
    {
        var id = await world.NewHandoffAsync();
        using var first = await PostAsync(id, File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"));
        var audit = (await StoredAsync(id)).Audit.Count;

        using var second = await PostAsync(id, File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.False((await second.Content.ReadFromJsonAsync<JsonObject>())!["added"]!.GetValue<bool>());
        Assert.Equal(audit, (await StoredAsync(id)).Audit.Count);
        Assert.Single((await StoredAsync(id)).Transcripts);
    }

    [Fact]
    public async Task Upload_MultipartFormLikeCurlF_UsesTheFileNameForFormatAndId()
    {
        var id = await world.NewHandoffAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(TranscriptWorld.Sample("otter_srt_speaker-names.srt")));
        file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
        form.Add(file, "file", "Kickoff with Acme.srt");
        form.Add(new StringContent("2026-11-01T10:00:00Z"), "recordedAt");

        using var response = await PostAsync(id, form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var t = Assert.Single((await StoredAsync(id)).Transcripts);
        Assert.Equal(TranscriptFormat.Srt, t.Format);
        Assert.Matches("^kickoff-with-acme-[0-9a-f]{8}$", t.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), t.RecordedAt);
    }

    [Fact]
    public async Task Upload_JsonEnvelope_TakesContentFormatIdAndDate()
    {
        var id = await world.NewHandoffAsync();
        var envelope = new JsonObject { ["format"] = "text", ["content"] = TranscriptWorld.Sample("otter_txt_export-shape.txt"), ["id"] = "otter-1", ["recordedAt"] = "2026-10-30T09:00:00+02:00" };

        using var response = await PostAsync(id, JsonContent.Create(envelope));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var t = Assert.Single((await StoredAsync(id)).Transcripts);
        Assert.Equal(("otter-1", TranscriptFormat.Text, new DateTimeOffset(2026, 10, 30, 7, 0, 0, TimeSpan.Zero)), (t.Id, t.Format, t.RecordedAt!.Value));
    }

    [Fact]
    public async Task Upload_GongJsonFile_KeepsTheSidesGongGave()
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id, File(TranscriptWorld.Sample("gong_call_transcript-and-parties.json"), "application/json"), "?id=gong-upload");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var client = App.AdminClient();
        var detail = (await client.GetFromJsonAsync<JsonObject>($"/api/handoffs/{id}/transcripts/gong-upload"))!;
        var speakers = detail["transcript"]!["speakers"]!.AsArray().ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!["side"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["Avery Brooks"] = "ours", ["Dana Ruiz"] = "customer", ["Unknown speaker"] = "unknown" }, speakers);
        Assert.Equal(TranscriptWorld.Sample("gong_call_transcript-and-parties.json"), detail["content"]!.GetValue<string>());
    }

    public static TheoryData<string> Samples() => [.. TranscriptWorld.SampleNames()];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Upload_EverySample_WithoutSayingItsFormat_IsTaken(string name)
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id, File(TranscriptWorld.Sample(name), null), "?filename=" + Uri.EscapeDataString(name));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(TranscriptWorld.Sample(name), Assert.Single((await StoredAsync(id)).Transcripts).Content);
    }

    [Fact]
    public async Task Upload_BrokenCueTimings_Is400NamingTheLineAndStoresNothing()
    {
        var id = await world.NewHandoffAsync();
        var broken = "WEBVTT\n\n00:00:01.000 --> 00:00:0x\n<v Ana Lima>One.</v>\n\n00:00:0y.000 --> 00:00:04.000\n<v Ana Lima>Two.</v>\n";

        using var response = await PostAsync(id, File(broken, "text/vtt"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("line 3: broken cue timing '00:00:01.000 --> 00:00:0x'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, problem["line"]!.GetValue<int>());
        Assert.Empty((await StoredAsync(id)).Transcripts);
    }

    [Theory]
    [InlineData("text/vtt", "1\n00:00:01,000 --> 00:00:02,000\nDana Ruiz: Hello.\n", "looks like SRT")]
    [InlineData("text/plain", "We talked about pricing.\nIt went well.\n", "line 1 reads 'We talked about pricing.'")]
    [InlineData("application/json", "{\"speaker\": \"Dana\", \"text\": \n", "is not valid JSON (line 2")]
    [InlineData("application/json", "{\"transcript\": {\"words\": []}}", "expected an array of {\"speaker\", \"start\", \"text\"}")]
    [InlineData("text/vtt", "", "The body is empty")]
    public async Task Upload_Unreadable_Is400SayingWhatItLooksLike(string contentType, string body, string expected)
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id, File(body, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ProblemTextAsync(response), StringComparison.Ordinal);
        Assert.Empty((await StoredAsync(id)).Transcripts);
    }

    [Fact]
    public async Task Upload_NotUtf8_Is400WithTheOffset()
    {
        var id = await world.NewHandoffAsync();
        var bytes = Encoding.Latin1.GetBytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Renée>Café.</v>\n");

        using var response = await PostAsync(id, new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not UTF-8 text (the first invalid byte is at offset 44)", await ProblemTextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_Utf16WithByteOrderMark_IsRead()
    {
        var id = await world.NewHandoffAsync();
        var text = TranscriptWorld.Sample("teams_vtt_turnchunk_tests-fixture.vtt");

        using var response = await PostAsync(id, new ByteArrayContent([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(text, Assert.Single((await StoredAsync(id)).Transcripts).Content);
    }

    [Theory]
    [InlineData("?format=docx", "format")]
    [InlineData("?id=../../etc", "id")]
    [InlineData("?recordedAt=yesterday", "recordedAt")]
    public async Task Upload_BadParameter_Is400NamingIt(string query, string field)
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id, File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"), query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]![field]);
    }

    [Fact]
    public async Task Upload_UnknownHandoff_Is404()
    {
        using var response = await PostAsync("HO-NOPE", File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Upload_HandoffIdInOtherCase_Is404()
    {
        var id = await world.NewHandoffAsync();

        using var response = await PostAsync(id.ToLowerInvariant() == id ? id.ToUpperInvariant() : id.ToLowerInvariant(), File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Upload_BodyOverTheLimit_Is413AndStoresNothing()
    {
        var id = await world.NewHandoffAsync();
        var big = "WEBVTT\n\n" + string.Concat(Enumerable.Range(0, 4000).Select(i => $"00:00:01.000 --> 00:00:02.000\n<v Ana Lima>Sentence number {i}.</v>\n\n"));

        using var response = await PostAsync(id, File(big, "text/vtt"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Transcripts__MaxUploadBytes", await ProblemTextAsync(response), StringComparison.Ordinal);
        Assert.Empty((await StoredAsync(id)).Transcripts);
    }

    [Fact]
    public async Task Upload_OverTheDealsSourceLimit_Is422AndStoresNothing()
    {
        var id = await world.NewHandoffAsync();
        var zoom = TranscriptWorld.Sample("zoom_vtt_zoomgroupstats_meeting003.vtt"); // 60,095 characters; the test limit is 150,000
        using var a = await PostAsync(id, File(zoom, "text/vtt"), "?id=a");
        using var b = await PostAsync(id, File(zoom, "text/vtt"), "?id=b");

        using var c = await PostAsync(id, File(zoom, "text/vtt"), "?id=c");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity), (a.StatusCode, b.StatusCode, c.StatusCode));
        var problem = (await c.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((150_000, 120_190L), (problem["limit"]!.GetValue<int>(), problem["stored"]!.GetValue<long>()));
        Assert.Equal(["a", "b"], (await StoredAsync(id)).Transcripts.Select(t => t.Id));
    }

    [Fact]
    public async Task Upload_DifferentTranscriptUnderAKnownId_Is409()
    {
        var id = await world.NewHandoffAsync();
        using var first = await PostAsync(id, File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"), "?id=call");

        using var second = await PostAsync(id, File(TranscriptWorld.Sample("teams_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"), "?id=call");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already has a different transcript call", await ProblemTextAsync(second), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithoutTheAdminKey_Is401()
    {
        var id = await world.NewHandoffAsync();
        using var client = App.CreateClient();

        using var response = await client.PostAsync($"/api/handoffs/{id}/transcripts", File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await StoredAsync(id)).Transcripts);
    }

    [Fact]
    public async Task ListTranscripts_ShowsIdsFormatsAndSizes()
    {
        var id = await world.NewHandoffAsync();
        using var _ = await PostAsync(id, File(TranscriptWorld.Sample("zoom_vtt_turnchunk_tests-fixture.vtt"), "text/vtt"), "?id=zoom");
        using var client = App.AdminClient();

        var list = (await client.GetFromJsonAsync<JsonArray>($"/api/handoffs/{id}/transcripts"))!;

        var item = Assert.Single(list)!;
        Assert.Equal(("zoom", "vtt", 253), (item["id"]!.GetValue<string>(), item["format"]!.GetValue<string>(), item["characters"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/handoffs/{id}/transcripts/ZOOM")).StatusCode);
    }
}
