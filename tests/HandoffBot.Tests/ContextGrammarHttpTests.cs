using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>The context grammar's rules as the deal webhook applies them, over HTTP.</summary>
public sealed class ContextGrammarHttpTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task PostDeal_WindowsTimeZone_IsStoredAsItsIanaId()
    {
        var deal = Deals.Complete();
        deal["customerTimeZone"] = "Eastern Standard Time";

        var handoff = await TakeInAsync(deal);

        Assert.Equal("America/New_York", handoff.Deal.CustomerTimeZone);
    }

    [Fact]
    public async Task PostDeal_ListedAndConfirmedNone_Returns400NamingContextNone()
    {
        var deal = Deals.Complete();
        deal["context"]!["none"] = new JsonArray("risks");

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["context.none"], problem!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery()));
    }

    [Fact]
    public async Task PostDeal_GoLiveBeforeTheClose_Returns400()
    {
        var deal = Deals.Complete();
        deal["context"]!["targetGoLive"] = "2026-10-01";

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["context.targetGoLive"], problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task PostDeal_MoreItemsThanTheFormHolds_Returns400()
    {
        var deal = Deals.Minimal();
        deal["context"] = new JsonObject { ["goals"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"goal {i}")]) };

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(["context.goals"], problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task CrmUpdate_DoesNotFillAFieldConfirmedNone_ButFillsAnEmptyOne()
    {
        var first = Deals.Minimal();
        first["context"] = new JsonObject { ["none"] = new JsonArray("risks") };
        var handoff = await TakeInAsync(first);
        var again = Deals.Complete();

        var response = await app.PostDealAsync(again.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var changed = (await response.Content.ReadFromJsonAsync<JsonObject>())!["changed"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.DoesNotContain("risks", changed);
        Assert.Contains("goals", changed);
        var stored = await app.Get<IHandoffStore>().GetAsync(handoff.Id);
        Assert.Empty(stored!.Context.Risks);
        Assert.Contains(ContextField.Risks, stored.Context.ConfirmedNone);
        Assert.Equal(["Cut late deliveries"], stored.Context.Goals);
    }

    private async Task<Handoff> TakeInAsync(JsonObject deal)
    {
        var response = await app.PostDealAsync(deal.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        return (await app.Get<IHandoffStore>().GetAsync(id))!;
    }
}
