using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

public sealed class IntakeEndpointTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task PostDeal_Signed_Returns201WithIdStageAndCompleteness()
    {
        var response = await app.PostDealAsync(Deals.Minimal().ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith("HO-", body!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ContextCapture", body["stage"]!.GetValue<string>());
        Assert.Equal(Deals.Ae, body["owner"]!.GetValue<string>());
        Assert.InRange(body["completeness"]!.GetValue<int>(), 0, 99);
        Assert.Contains("risks", body["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal($"/api/handoffs/{body["id"]}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PostDeal_Repeat_Returns200AndStillOneHandoff()
    {
        var first = await (await app.PostDealAsync(Deals.Minimal().ToJsonString())).Content.ReadFromJsonAsync<JsonObject>();
        var changed = Deals.Minimal();
        changed["arr"] = 130000;

        var response = await app.PostDealAsync(changed.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(first!["id"]!.GetValue<string>(), second!["id"]!.GetValue<string>());
        Assert.Equal(["arr"], second["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
        var all = await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery());
        Assert.Single(all);
        Assert.Equal(130000m, all[0].Deal.Arr);
    }

    [Fact]
    public async Task PostDeal_ConcurrentDuplicates_CreateOneHandoff()
    {
        var tasks = Enumerable.Range(0, 8).Select(_ => app.PostDealAsync(Deals.Minimal().ToJsonString())).ToList();

        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Single(await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery()));
    }

    [Fact]
    public async Task PostDeal_BadSignature_Returns401()
    {
        using var client = app.CreateClient();
        using var request = app.SignedDeal(Deals.Minimal().ToJsonString(), secret: "wrong-secret");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery()));
    }

    [Fact]
    public async Task PostDeal_BodyChangedAfterSigning_Returns401()
    {
        using var client = app.CreateClient();
        using var request = app.SignedDeal(Deals.Minimal().ToJsonString());
        var tampered = Deals.Minimal();
        tampered["arr"] = 1;
        request.Content = new StringContent(tampered.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostDeal_Unsigned_Returns401()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/deals", new StringContent(Deals.Minimal().ToJsonString()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task PostDeal_TimestampMoreThanFiveMinutesOff_Returns401(int seconds)
    {
        using var client = app.CreateClient();
        using var request = app.SignedDeal(Deals.Minimal().ToJsonString(), at: app.Time.GetUtcNow().AddSeconds(seconds));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostDeal_ReplayedAfterFiveMinutes_Returns401()
    {
        using var client = app.CreateClient();
        using var request = app.SignedDeal(Deals.Minimal().ToJsonString());
        app.Time.Advance(TimeSpan.FromMinutes(6));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostDeal_NoSecretConfigured_RefusesEverything()
    {
        using var unsecured = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Intake:SigningSecret"] = "" });
        using var client = unsecured.CreateClient();
        using var request = unsecured.SignedDeal(Deals.Minimal().ToJsonString());

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no signing secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task PostDeal_MalformedJson_Returns400Problem(string body)
    {
        using var client = app.CreateClient();
        using var request = app.SignedDeal(body);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(problem!["errors"]!["body"]);
    }

    [Theory]
    [InlineData("crmId")]
    [InlineData("accountName")]
    [InlineData("arr")]
    [InlineData("currency")]
    [InlineData("closeDate")]
    [InlineData("aeEmail")]
    public async Task PostDeal_MissingRequiredField_Returns400NamingIt(string field)
    {
        var deal = Deals.Minimal();
        deal.Remove(field);

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal([field], problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task PostDeal_SeveralBadFields_NamesEachOne()
    {
        var deal = Deals.Complete();
        deal["arr"] = "lots";
        deal["currency"] = "dollars";
        deal["aeEmail"] = "not-an-email";
        deal["customerTimeZone"] = "Mars/Olympus";
        deal["context"]!["stakeholders"]![0]!["role"] = "boss";
        deal["context"]!["risks"] = new JsonArray(new JsonObject { ["category"] = "weather", ["severity"] = "high" });

        var response = await app.PostDealAsync(deal.ToJsonString());

        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var fields = problem!["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(
            ["aeEmail", "arr", "context.risks[0].category", "context.risks[0].description", "context.stakeholders[0].role", "currency", "customerTimeZone"],
            fields);
        Assert.Empty(await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery()));
    }

    [Fact]
    public async Task PostDeal_WrongTypes_Returns400NotServerError()
    {
        var deal = Deals.Minimal();
        deal["closeDate"] = 20261030;
        deal["context"] = new JsonArray();
        deal["notes"] = "a note";

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Order();
        Assert.Equal(["closeDate", "context", "notes"], fields);
    }

    [Fact]
    public async Task PostDeal_Oversized_Returns413()
    {
        var deal = Deals.Minimal();
        deal["notes"] = new JsonArray(new JsonObject { ["id"] = "big", ["text"] = new string('x', 1024 * 1024 + 10) });

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PostDeal_CompleteContext_IsStoredAsSent()
    {
        var response = await app.PostDealAsync(Deals.Complete().ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var handoff = await app.Get<IHandoffStore>().GetAsync(id);

        Assert.Equal(StakeholderRole.Champion, handoff!.Context.Stakeholders[0].Role);
        Assert.Equal(new DateOnly(2027, 1, 15), handoff.Context.TargetGoLive);
        Assert.Equal(Deals.Csm, handoff.Deal.CsmEmail);
        Assert.Single(handoff.Notes);
    }

    [Fact]
    public async Task PostDeal_UnknownAe_IsTakenInOwnedByRevOpsWithVisibleGap()
    {
        var deal = Deals.Minimal();
        deal["aeEmail"] = "new.hire@example.com";

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(Deals.RevOps, body!["owner"]!.GetValue<string>());
        Assert.Contains("new.hire@example.com", body["gaps"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostDeal_SameBodyTwiceWithinWindow_IsIdempotent()
    {
        using var client = app.CreateClient();
        var json = Deals.Minimal().ToJsonString();
        using var first = app.SignedDeal(json);
        using var replay = app.SignedDeal(json);

        var a = await client.SendAsync(first);
        var b = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Empty((await b.Content.ReadFromJsonAsync<JsonObject>())!["changed"]!.AsArray());
        var handoff = (await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery())).Single();
        Assert.Equal(1, handoff.Version);
    }

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
