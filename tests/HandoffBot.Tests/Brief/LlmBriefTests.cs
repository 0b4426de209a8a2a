using HandoffBot.Ai;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using System.Net.Http.Json;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Tests.Brief;

/// <summary>The LLM extractor through the real OpenAI client library against a fake OpenAI-compatible server on loopback.</summary>
public sealed class LlmBriefTests : IAsyncLifetime
{
    private readonly CapturingLogs logs = new();
    private FakeOpenAiServer server = null!;
    private HandoffBotApp app = null!;

    public async Task InitializeAsync()
    {
        server = await FakeOpenAiServer.StartAsync();
        app = new HandoffBotApp(settings: new Dictionary<string, string?>
        {
            ["Ai:Endpoint"] = server.Endpoint,
            ["Ai:Model"] = "test-model",
            ["Ai:ApiKey"] = "sk-test",
            ["Ai:TimeoutSeconds"] = "30",
        })
        {
            ConfigureTestServices = s =>
            {
                s.AddSingleton<IChatNotifier>(new RecordingNotifier(ChatPlatform.Teams));
                s.AddSingleton<IChatNotifier>(new RecordingNotifier(ChatPlatform.Slack));
                s.AddSingleton<ILoggerProvider>(logs);
            },
        };
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await server.DisposeAsync();
    }

    private static BriefRequest Request() => new(
        [new BriefSource("call-1", SourceKind.Transcript, TranscriptFormat.Vtt, new DateTimeOffset(2026, 5, 3, 14, 0, 0, TimeSpan.Zero), null, BriefDeals.Call)],
        new DealHints { AccountName = "Acme Logistics", SellerNames = ["Avery Brooks"] });

    private static string GoodAnswer(string? extraRiskQuote = null) => FakeOpenAiServer.Answer(new
    {
        commitments = new[] { new { what = "Train the dispatchers", due = "2026-11-20", promisedBy = "Avery Brooks", quote = "We'll have your dispatchers trained by November 20", source = "call-1", confidence = 0.9 } },
        goals = Array.Empty<object>(),
        successCriteria = new[] { new { text = "Late deliveries below 3% by March", quote = "cut late deliveries below three percent by March", source = "call-1", confidence = 0.8 } },
        stakeholders = new[] { new { name = "Raj", title = "CFO", role = "economic_buyer", quote = "Raj signs off on anything over fifty thousand, he's our CFO.", source = "call-1", confidence = 0.8 } },
        risks = new[]
        {
            new { category = "timeline", severity = "high", description = "Peak season freeze", quote = "we go into peak season freeze in December", source = "call-1", confidence = 0.9 },
        }.Concat(extraRiskQuote is null ? [] : [new { category = "budget", severity = "high", description = "Invented", quote = extraRiskQuote, source = "call-1", confidence = 0.9 }]).ToArray(),
        specialTerms = Array.Empty<object>(),
    });

    [Fact]
    public async Task Extract_GoodAnswer_GivesGroundedItemsWithSpeakerAndTimeFromTheSource()
    {
        server.Content = GoodAnswer();

        var draft = await app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);

        Assert.Equal("llm:test-model", draft.Extractor);
        var commitment = Assert.Single(draft.Commitments);
        Assert.Equal(new DateOnly(2026, 11, 20), commitment.Value.Due);
        Assert.Equal("Avery Brooks", commitment.Evidence.Speaker);
        Assert.Equal(new TimeSpan(0, 13, 5), commitment.Evidence.Offset);
        Assert.Equal(StakeholderRole.EconomicBuyer, Assert.Single(draft.Stakeholders).Value.Role);
        Assert.Equal(0, draft.DroppedUngrounded);
    }

    [Fact]
    public async Task Extract_RequestSent_IsStructuredJsonWithOnlyThisDealsSourcesAndTheKey()
    {
        server.Content = GoodAnswer();

        await app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);

        var sent = server.Requests.Single();
        Assert.Equal("test-model", sent["model"]!.GetValue<string>());
        Assert.Equal("json_schema", sent["response_format"]!["type"]!.GetValue<string>());
        var user = server.LastUserMessage();
        Assert.Contains("Dana Ruiz: Our goal is to cut late deliveries", user, StringComparison.Ordinal);
        Assert.DoesNotContain("00:12:41", user, StringComparison.Ordinal); // timings are not sent; grounding recovers them
    }

    [Fact]
    public async Task Extract_AnswerWithAQuoteNotInTheSource_DropsThatItem()
    {
        server.Content = GoodAnswer(extraRiskQuote: "The CFO has frozen all new spending until 2027.");

        var draft = await app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);

        Assert.Equal(1, draft.DroppedUngrounded);
        Assert.Equal(RiskCategory.Timeline, Assert.Single(draft.Risks).Value.Category);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task Extract_HttpError_GivesTheOfflineResult(int status)
    {
        server.Status = status;

        var draft = await app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);

        Assert.Equal(OfflineBriefExtractor.ExtractorName, draft.Extractor);
        Assert.True(draft.Commitments.Count + draft.Goals.Count + draft.SuccessCriteria.Count + draft.Stakeholders.Count + draft.Risks.Count + draft.SpecialTerms.Count > 0, "the offline draft has items");
        Assert.Single(server.Requests); // no client-side retries: the durable job retries instead
        Assert.Contains(logs.Lines, l => l.Contains($"HTTP {status}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extract_NotJson_GivesTheOfflineResult()
    {
        server.Content = "Sure! Here are the items you asked for: ...";

        var draft = await app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);

        Assert.Equal(OfflineBriefExtractor.ExtractorName, draft.Extractor);
    }

    [Fact]
    public async Task Extract_NoAnswerWithinTheTimeout_GivesTheOfflineResult()
    {
        server.Hang = true;

        var extraction = app.Get<BriefExtractors>().Preferred.ExtractAsync(Request(), CancellationToken.None);
        await server.RequestSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        app.Time.Advance(TimeSpan.FromSeconds(31));
        var draft = await extraction.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(OfflineBriefExtractor.ExtractorName, draft.Extractor);
        Assert.NotEmpty(draft.Risks);
    }

    [Fact]
    public async Task Intake_WithLlm_OfflineDraftFirstThenTheLlmDraftReplacesIt()
    {
        server.Content = GoodAnswer(extraRiskQuote: "Invented words that are not in any source at all.");
        var other = Deals.Minimal("CRM-OTHER");
        other["notes"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["id"] = "n-x", ["text"] = "Zebra Corp wants unicorn analytics." });
        await app.PostDealAsync(other.ToJsonString());
        await app.RunJobsAsync();
        while (server.Requests.TryDequeue(out _))
        {
        }

        var response = await app.PostDealAsync(BriefDeals.WithSources().ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
        await app.RunJobsAsync();

        var h = (await app.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal("llm:test-model", h.Draft!.Extractor);
        Assert.Equal(1, h.Draft.DroppedUngrounded);
        Assert.Equal(2, h.Audit.Count(a => a.Event == "brief.drafted")); // offline, then the LLM
        var sent = Assert.Single(server.Requests);
        Assert.DoesNotContain("Zebra", sent.ToJsonString(), StringComparison.Ordinal); // only this deal's sources
        Assert.DoesNotContain(logs.Lines, l => l.Contains(BriefDeals.Secret, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Intake_WithLlmDown_OfflineDraftStandsAndTheRefineJobRetries()
    {
        server.Status = 500;

        var response = await app.PostDealAsync(BriefDeals.WithSources().ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["id"]!.GetValue<string>();
        await app.RunJobsAsync();

        var h = (await app.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal(OfflineBriefExtractor.ExtractorName, h.Draft!.Extractor);
        var refine = (await app.Get<IJobStore>().ListAsync(null, id, 50)).Single(j => j.Kind == BriefPlanner.Refine);
        Assert.Equal(JobStatus.Pending, refine.Status);
        Assert.Contains("HTTP 500", refine.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("upstream exploded", refine.LastError, StringComparison.Ordinal); // the server's body is not kept

        server.Status = 200;
        server.Content = GoodAnswer();
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await app.RunJobsAsync();

        Assert.Equal("llm:test-model", (await app.Get<IHandoffStore>().GetAsync(id))!.Draft!.Extractor);
    }
}
