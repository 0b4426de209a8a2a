using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.FakeGong;
using HandoffBot.Gong;
using HandoffBot.Hosting;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Transcripts;

/// <summary>The Gong client against the fake Gong API over loopback, and a Gong call reaching a handoff end to end.</summary>
public sealed class GongTests : IAsyncLifetime
{
    private TranscriptWorld world = null!;

    public async Task InitializeAsync() => world = await TranscriptWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    private HandoffBotApp App => world.App;

    private FakeGongServer Gong => world.Gong;

    private async Task<HttpResponseMessage> AskForCallAsync(string id, string body)
    {
        using var client = App.AdminClient();
        return await client.PostAsync($"/api/handoffs/{id}/transcripts", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>Completes when the fake Gong has received <paramref name="count"/> requests in all.</summary>
    private static Task RequestsReceived(FakeGongServer gong, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(FakeGongRequest _)
        {
            if (gong.Requests.Count >= count)
            {
                done.TrySetResult();
            }
        }

        gong.Requested += Check;
        Check(null!);
        return done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GetCall_SendsBasicAuthAndStringIds_JoinsPartiesAcrossPages()
    {
        Gong.PageSize = 1; // three monologues, three pages chained by records.cursor

        var call = await App.Get<GongClient>().GetCallAsync(TranscriptWorld.SampleCallId, CancellationToken.None);

        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TranscriptWorld.GongKey}:{TranscriptWorld.GongSecret}"));
        Assert.All(Gong.Requests, r => Assert.Equal(expectedAuth, r.Authorization));
        Assert.Equal(["/v2/calls/transcript", "/v2/calls/transcript", "/v2/calls/transcript", "/v2/calls/extensive"], Gong.Requests.Select(r => r.Path));
        Assert.Contains("\"callIds\":[\"7782342274025937895\"]", Gong.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"cursor\":\"page-2\"", Gong.Requests[2].Body, StringComparison.Ordinal);
        Assert.Equal(3, call.Monologues);
        Assert.Equal(new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.Zero), call.Started);

        var parsed = Core.Brief.Sources.SourceReader.Read(new("gong", Core.Brief.Sources.SourceKind.Transcript, TranscriptFormat.Json, null, null, call.Document)).Source!;
        Assert.Equal(["Avery Brooks", "Avery Brooks", "Dana Ruiz", "Dana Ruiz", "Unknown speaker"], parsed.Utterances.Select(u => u.Speaker));
    }

    [Fact]
    public async Task GetCall_WrongKey_FailsSayingWhichSettingsToCheck()
    {
        await using var other = await TranscriptWorld.StartAsync(new Dictionary<string, string?> { ["Gong:AccessKeySecret"] = "wrong" });

        var ex = await Assert.ThrowsAsync<GongApiException>(() => other.App.Get<GongClient>().GetCallAsync(TranscriptWorld.SampleCallId, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Contains("Gong__AccessKeySecret", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Permanent);
    }

    [Fact]
    public async Task GetCall_RateLimited_WaitsForRetryAfterOnTheInjectedClock()
    {
        var clock = new TranscriptWorld.WatchedClock();
        await using var retrying = await TranscriptWorld.StartAsync(new Dictionary<string, string?> { ["Gong:MaxRetries"] = "2", ["Gong:MaxRetryAfterSeconds"] = "3600" }, time: clock);
        retrying.Gong.Fail("/v2/calls/transcript", new FakeGongFailure(429, RetryAfterSeconds: 3600));
        var client = retrying.App.Get<GongClient>();
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        clock.TimerSet += due =>
        {
            if (due == TimeSpan.FromSeconds(3600))
            {
                waiting.TrySetResult();
            }
        };

        var pull = client.GetCallAsync(TranscriptWorld.SampleCallId, CancellationToken.None);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the retry waits Gong's hour, on the test clock
        Assert.False(pull.IsCompleted);
        Assert.Single(retrying.Gong.Requests);

        clock.Advance(TimeSpan.FromSeconds(3600));
        var call = await pull.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, call.Monologues);
        Assert.Equal(3, retrying.Gong.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(3600), retrying.Gong.Requests[1].At - retrying.Gong.Requests[0].At);
    }

    [Fact]
    public async Task GetCall_RetryAfterLongerThanAllowed_FailsAtOnceForTheJobToRetryLater()
    {
        await using var retrying = await TranscriptWorld.StartAsync(new Dictionary<string, string?> { ["Gong:MaxRetries"] = "2", ["Gong:MaxRetryAfterSeconds"] = "60" });
        retrying.Gong.Fail("/v2/calls/transcript", new FakeGongFailure(429, RetryAfterSeconds: 600));

        var ex = await Assert.ThrowsAsync<GongApiException>(() => retrying.App.Get<GongClient>().GetCallAsync(TranscriptWorld.SampleCallId, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.Status);
        Assert.Single(retrying.Gong.Requests);
    }

    [Fact]
    public async Task GetCall_ManyAtOnce_NoMoreThanThreeRequestsASecond()
    {
        await using var limited = await TranscriptWorld.StartAsync(new Dictionary<string, string?> { ["Gong:RequestsPerSecond"] = "3" });
        var (app, gong) = (limited.App, limited.Gong);
        var client = app.Get<GongClient>();
        var three = RequestsReceived(gong, 3);

        // Four pulls = eight requests: three go out now, the rest wait for the next second on the test clock.
        var pulls = Enumerable.Range(0, 4).Select(_ => client.GetCallAsync(TranscriptWorld.SampleCallId, CancellationToken.None)).ToList();
        await three;
        Assert.Equal(3, gong.Requests.Count);
        Assert.All(pulls, p => Assert.False(p.IsCompleted));

        for (var second = 0; second < 4 && !pulls.All(p => p.IsCompleted); second++)
        {
            var next = RequestsReceived(gong, Math.Min(8, gong.Requests.Count + 3));
            app.Time.Advance(TimeSpan.FromSeconds(1));
            await next;
        }

        await Task.WhenAll(pulls).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(8, gong.Requests.Count);
        var times = gong.Requests.Select(r => r.At).ToList();
        for (var i = 3; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 3] >= TimeSpan.FromSeconds(1), $"requests {i - 3} and {i} were {times[i] - times[i - 3]} apart");
        }
    }

    [Fact]
    public async Task GongCallId_ToAHandoff_JobPullsItAndTheBriefUsesItWithSides()
    {
        var id = await world.NewHandoffAsync();

        using var response = await AskForCallAsync(id, $$"""{"gongCallId": "{{TranscriptWorld.SampleCallId}}"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("transcript.gong", "gong-7782342274025937895", "queued"), (queued["kind"]!.GetValue<string>(), queued["transcriptId"]!.GetValue<string>(), queued["status"]!.GetValue<string>()));
        using var admin = App.AdminClient();
        var jobs = (await admin.GetFromJsonAsync<JsonArray>($"/api/jobs?handoff={id}&status=pending"))!;
        Assert.Contains(jobs, j => j!["kind"]!.GetValue<string>() == GongTranscriptJob.Kind);

        await App.RunJobsAsync();

        var stored = (await App.Get<IHandoffStore>().GetAsync(id))!;
        var transcript = Assert.Single(stored.Transcripts);
        Assert.Equal(("gong-7782342274025937895", TranscriptFormat.Json, new DateTimeOffset(2026, 10, 20, 15, 0, 0, TimeSpan.Zero)), (transcript.Id, transcript.Format, transcript.RecordedAt!.Value));
        Assert.Equal(GongTranscriptJob.Actor, stored.Audit.Single(a => a.Event == "transcript.added").Actor);
        // The customer's risk, from the customer side Gong names (the learned layer shows no commitments: docs/ai-brief.md).
        Assert.Contains(stored.Draft!.Risks, r => r.Evidence.Speaker == "Dana Ruiz" && r.Evidence.SourceId == transcript.Id);
        var detail = (await admin.GetFromJsonAsync<JsonObject>($"/api/handoffs/{id}/transcripts/{transcript.Id}"))!;
        Assert.Contains(detail["transcript"]!["speakers"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "Dana Ruiz" && s["side"]!.GetValue<string>() == "customer");
    }

    [Fact]
    public async Task GongOutage_DelaysTheTranscript_JobRetriedAndVisible_ThenItArrives()
    {
        var id = await world.NewHandoffAsync();
        Gong.Fail("*", new FakeGongFailure(503));
        using var _ = await AskForCallAsync(id, $$"""{"gongCallId": "{{TranscriptWorld.SampleCallId}}"}""");

        await App.RunJobsAsync();

        using var admin = App.AdminClient();
        var job = (await admin.GetFromJsonAsync<JsonArray>($"/api/jobs?handoff={id}"))!.Single(j => j!["kind"]!.GetValue<string>() == GongTranscriptJob.Kind)!;
        Assert.Equal(("Pending", 1), (job["status"]!.ToString(), job["attempts"]!.GetValue<int>()));
        Assert.Contains("Gong answered 503", job["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await App.Get<IHandoffStore>().GetAsync(id))!.Transcripts);

        App.Time.Advance(TimeSpan.FromMinutes(5)); // past the first retry delay (Scheduler:RetryDelaySeconds)
        await App.RunJobsAsync();

        Assert.Equal("gong-7782342274025937895", Assert.Single((await App.Get<IHandoffStore>().GetAsync(id))!.Transcripts).Id);
    }

    [Fact]
    public async Task GongCallNotKnown_IsRetriedWithAClearReason_NotDropped()
    {
        var id = await world.NewHandoffAsync();

        using var response = await AskForCallAsync(id, """{"gongCallId": "12345678901234567890"}""");
        await App.RunJobsAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = (await App.Get<IJobStore>().ListAsync(null, id, 100)).Single(j => j.Kind == GongTranscriptJob.Kind);
        Assert.Equal(JobStatus.Pending, job.Status);
        Assert.Contains("Gong has no call 12345678901234567890", job.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GongCallId_AskedTwiceWhileQueued_IsOneJob_AndOnceAddedSaysPresent()
    {
        var id = await world.NewHandoffAsync();
        var body = $$"""{"gongCallId": "{{TranscriptWorld.SampleCallId}}"}""";

        using var first = await AskForCallAsync(id, body);
        using var second = await AskForCallAsync(id, body);
        var (a, b) = ((await first.Content.ReadFromJsonAsync<JsonObject>())!, (await second.Content.ReadFromJsonAsync<JsonObject>())!);
        Assert.Equal(a["jobId"]!.GetValue<string>(), b["jobId"]!.GetValue<string>());

        await App.RunJobsAsync();
        using var third = await AskForCallAsync(id, body);

        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("present", (await third.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"gongCallId": 7782342274025937895}""", "as a JSON string")]
    [InlineData("""{"gongCallId": "77823-42274"}""", "is not a Gong call id")]
    [InlineData("""{"gongCallId": "123456789012345678901"}""", "is not a Gong call id")]
    [InlineData("""{"gongCallId": "1", "content": "WEBVTT"}""", "not both")]
    public async Task GongCallId_Malformed_Is400AndQueuesNothing(string body, string expected)
    {
        var id = await world.NewHandoffAsync();

        using var response = await AskForCallAsync(id, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await TranscriptUploadTests.ProblemTextAsync(response), StringComparison.Ordinal);
        Assert.DoesNotContain(await App.Get<IJobStore>().ListAsync(null, id, 100), j => j.Kind == GongTranscriptJob.Kind);
    }

    [Fact]
    public async Task GongOff_AskingForACall_Is409NamingTheSettings_AndStartUpSaysItIsOff()
    {
        await using var off = await TranscriptWorld.StartAsync(gong: false);
        var id = await off.NewHandoffAsync();
        using var client = off.App.AdminClient();

        using var response = await client.PostAsync($"/api/handoffs/{id}/transcripts", new StringContent($$"""{"gongCallId": "{{TranscriptWorld.SampleCallId}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Gong__AccessKey", await TranscriptUploadTests.ProblemTextAsync(response), StringComparison.Ordinal);
        var status = off.App.Get<IEnumerable<IIntegrationStatusSource>>().Select(s => s.Status).Single(s => s.Name.StartsWith("Gong", StringComparison.Ordinal));
        Assert.False(status.Enabled);
        Assert.Contains("Gong__AccessKeySecret", status.HowToEnable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GongKeyWithoutSecret_StopsStartUpNamingBoth()
    {
        await using var half = await TranscriptWorld.StartAsync(new Dictionary<string, string?> { ["Gong:AccessKeySecret"] = "" });

        // Program.cs turns this into exit code 6 with the reasons (SettingsCheck); here the same validator runs in-process.
        var ex = Assert.ThrowsAny<Exception>(() => half.App.Get<Microsoft.Extensions.Options.IOptions<HandoffBot.Gong.GongOptions>>().Value);

        Assert.Contains("Set both Gong:AccessKey and Gong:AccessKeySecret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GongKeyWithoutSecret_TheProcessExits6NamingBoth_WithoutAStackTrace()
    {
        var (exitCode, output) = await BotProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Gong__AccessKey"] = "a-key-without-its-secret" }, environment: "Development");

        Assert.Equal(6, exitCode);
        Assert.Contains("Set both Gong:AccessKey and Gong:AccessKeySecret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("a-key-without-its-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void GongJobPayload_KeepsTheIdAsAString()
    {
        var payload = GongTranscriptJob.Payload("9223372036854775808123");

        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(payload).RootElement.GetProperty("callId").ValueKind);
        Assert.Equal("9223372036854775808123", GongTranscriptJob.CallIdOf(payload));
    }
}
