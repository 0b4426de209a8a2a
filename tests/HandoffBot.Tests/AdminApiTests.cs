using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

public sealed class AdminApiTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("/api/handoffs")]
    [InlineData("/api/handoffs/HO-0000000")]
    [InlineData("/api/people")]
    [InlineData("/api/jobs")]
    public async Task AdminEndpoints_WithoutOrWithWrongKey_Return401(string path)
    {
        using var anonymous = app.CreateClient();
        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task AdminEndpoints_NoKeyConfigured_RefuseEvenTheRightLookingKey()
    {
        using var locked = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });
        using var client = locked.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "");

        var response = await client.GetAsync("/api/handoffs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Admin__ApiKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHandoff_ShowsAuditTrailAndCompleteness()
    {
        var created = await (await app.PostDealAsync(Deals.Minimal().ToJsonString())).Content.ReadFromJsonAsync<JsonObject>();
        using var admin = app.AdminClient();

        var detail = await admin.GetFromJsonAsync<JsonObject>($"/api/handoffs/{created!["id"]}");

        Assert.Equal("ContextCapture", detail!["stage"]!.GetValue<string>());
        Assert.Equal(Deals.Ae, detail["owner"]!["email"]!.GetValue<string>());
        Assert.Contains("risks", detail["completeness"]!["missing"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(["handoff.opened", "stage.entered"], detail["audit"]!.AsArray().Select(a => a!["event"]!.GetValue<string>()));
        Assert.NotNull(detail["dueAt"]);
    }

    [Fact]
    public async Task ListHandoffs_FiltersByStageAndOwner()
    {
        await app.PostDealAsync(Deals.Minimal("A").ToJsonString());
        var other = Deals.Minimal("B");
        other["aeEmail"] = "unknown.ae@example.com";
        await app.PostDealAsync(other.ToJsonString());
        using var admin = app.AdminClient();

        var all = await admin.GetFromJsonAsync<JsonArray>("/api/handoffs");
        var mine = await admin.GetFromJsonAsync<JsonArray>($"/api/handoffs?owner={Deals.Ae}");
        var review = await admin.GetFromJsonAsync<JsonArray>("/api/handoffs?stage=cs-review");

        Assert.Equal(2, all!.Count);
        Assert.Equal("A", Assert.Single(mine!)!["crmId"]!.GetValue<string>());
        Assert.Empty(review!);
    }

    [Theory]
    [InlineData("/api/handoffs?stage=lunch", "stage")]
    [InlineData("/api/handoffs?limit=0", "limit")]
    [InlineData("/api/jobs?status=sleeping", "status")]
    public async Task List_BadFilter_Returns400NamingIt(string path, string field)
    {
        using var admin = app.AdminClient();

        var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]![field]);
    }

    [Fact]
    public async Task GetHandoff_Unknown_Returns404Problem()
    {
        using var admin = app.AdminClient();

        var response = await admin.GetAsync("/api/handoffs/HO-NOPE123");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task People_SeededFromShippedFile_AndEditable()
    {
        using var admin = app.AdminClient();

        var seeded = await admin.GetFromJsonAsync<JsonArray>("/api/people");
        var put = await admin.PutAsJsonAsync("/api/people/New.Person@Example.com", new { name = "New Person", roles = new[] { "csm" }, timeZone = "Europe/Berlin", platform = "slack", managerEmail = Deals.CsLead });
        var fetched = await admin.GetFromJsonAsync<JsonObject>("/api/people/new.person@example.com");
        var update = await admin.PutAsJsonAsync("/api/people/new.person@example.com", new { name = "Renamed", roles = new[] { "csm", "cs_lead" } });

        Assert.Equal(6, seeded!.Count);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("Slack", fetched!["platform"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var renamed = await admin.GetFromJsonAsync<JsonObject>("/api/people/new.person@example.com");
        Assert.Equal("Renamed", renamed!["name"]!.GetValue<string>());
        Assert.Equal(2, renamed["roles"]!.AsArray().Count);
    }

    [Fact]
    public async Task PutPerson_Invalid_Returns400NamingEachField()
    {
        using var admin = app.AdminClient();

        var response = await admin.PutAsJsonAsync("/api/people/x@example.com", new { name = "", roles = new[] { "boss" }, timeZone = "Mars/Base", platform = "irc" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key).Order();
        Assert.Equal(["name", "platform", "roles", "timeZone"], fields);
    }

    [Fact]
    public async Task PutPerson_MalformedJson_Returns400()
    {
        using var admin = app.AdminClient();

        var response = await admin.PutAsync("/api/people/x@example.com", new StringContent("{\"name\": [", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeletePerson_RemovesThem()
    {
        using var admin = app.AdminClient();

        var deleted = await admin.DeleteAsync("/api/people/vp-sales@example.com");
        var again = await admin.DeleteAsync("/api/people/vp-sales@example.com");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Health_AndReadiness_Answer()
    {
        using var client = app.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Equal("ready", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemNot500()
    {
        using var client = app.CreateClient();

        var response = await client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
