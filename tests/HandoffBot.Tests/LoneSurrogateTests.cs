using System.Net;
using System.Text;
using HandoffBot.Hosting;
using HandoffBot.Tests.Crm;
using HandoffBot.Tests.Slack;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>
/// Half a character: JSON may escape one half of a UTF-16 surrogate pair ("\uD83D" alone). The
/// parsers accept it and re-writing it throws later (found by the Slack fuzz test as a 500 on
/// /api/slack/interactions); every JSON edge refuses it as bad input instead.
/// </summary>
public sealed class LoneSurrogateTests
{
    private const string Lone = "\\uD83D";

    [Theory]
    [InlineData("{\"a\":\"\\uD83D\"}", false)]
    [InlineData("{\"a\":\"\\uDE00 low first\"}", false)]
    [InlineData("{\"\\uD83D\":1}", false)]
    [InlineData("{\"a\":[\"ok\",{\"b\":\"x\\uD83Dy\"}]}", false)]
    [InlineData("{\"a\":\"\\uD83D\\uDE00\"}", true)]
    [InlineData("{\"a\":\"😀 plain\"}", true)]
    [InlineData("{\"a\":", true)] // malformed: left for the parser to describe
    public void WholeJsonText_FindsHalfCharacters(string json, bool whole) =>
        Assert.Equal(whole, WholeJsonText.HasOnlyWholeCharacters(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task SlackInteraction_WithHalfACharacter_Is400_AndNothingQueued()
    {
        await using var world = await SlackWorld.StartAsync();
        var payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0CASEY\"},\"team\":{\"id\":\"T0FAKE\",\"domain\":\"x" + Lone + "\"},\"trigger_id\":\"1.2.3\",\"actions\":[{\"action_id\":\"brief.accept|h1\",\"action_ts\":\"1\"}]}";

        var response = await world.SendAsync(world.Signed("/api/slack/interactions", SlackWorld.Form(("payload", payload)), "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Deal_WithHalfACharacter_Is400NamingIt()
    {
        using var app = new HandoffBotApp();
        var deal = Deals.Minimal("CRM-LONE-1").ToJsonString().Replace("\"accountName\":\"", "\"accountName\":\"" + Lone, StringComparison.Ordinal);
        Assert.Contains(Lone, deal, StringComparison.Ordinal);

        using var response = await app.PostDealAsync(deal);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("half a character", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubSpotBatch_WithHalfACharacter_Is400()
    {
        await using var world = await CrmWorld.StartAsync();
        var batch = "[{\"eventId\":1,\"subscriptionId\":2,\"portalId\":3,\"occurredAt\":1700000000000,\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":0,\"objectId\":42,\"propertyName\":\"dealstage\",\"propertyValue\":\"closedwon" + Lone + "\",\"changeSource\":\"CRM\"}]";

        using var response = await world.PostHubSpotAsync(batch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
