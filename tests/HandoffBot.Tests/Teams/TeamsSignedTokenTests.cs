using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Intake;
using HandoffBot.Security;
using HandoffBot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// The bot as Azure runs it: its own process, Production, configured with the Bot Framework's root
/// setting names (<c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, as in every SDK sample and in Azure
/// Bot's app settings), and real tokens through the real SDK: signed by a key only
/// <see cref="FakeBotFrameworkIdentity"/> holds and served from its OpenID metadata over HTTPS. The
/// bot's own calls to the connector carry an access token it got from that fake's token endpoint.
/// </summary>
public sealed class TeamsSignedTokenTests : IAsyncLifetime
{
    private const string AppId = "0b1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5";
    private const string IntakeSecret = "signed-token-tests-intake";
    private const string AdminKey = "signed-token-tests-admin";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private FakeBotFrameworkIdentity identity = null!;
    private FakeBotConnector teams = null!;
    private FakeBotConnector foreign = null!;
    private BotProcess bot = null!;
    private HttpClient client = null!;
    private int nextActivity;

    public async Task InitializeAsync()
    {
        identity = await FakeBotFrameworkIdentity.StartAsync();
        teams = await FakeBotConnector.StartAsync();
        foreign = await FakeBotConnector.StartAsync();
        foreach (var (id, name, email) in TeamsWorld.People)
        {
            teams.Members[id] = new FakeBotConnector.Member(id, name, email, "aad-" + id[3..]);
            foreign.Members[id] = new FakeBotConnector.Member(id, name, email, "aad-" + id[3..]);
        }

        var settings = identity.BotEnvironment();
        settings["MicrosoftAppId"] = AppId;
        settings["MicrosoftAppPassword"] = "signed-token-tests-client-secret";
        settings["Teams__Enabled"] = "true";
        settings["Intake__SigningSecret"] = IntakeSecret;
        settings["Admin__ApiKey"] = AdminKey;
        bot = await BotProcess.StartAsync(settings);
        client = bot.Client();
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (bot is not null)
        {
            await bot.DisposeAsync();
        }

        await foreign.DisposeAsync();
        await teams.DisposeAsync();
        await identity.DisposeAsync();
    }

    [Fact]
    public async Task RootNames_Production_UnsignedCardActionAndInstall_401_NothingSent()
    {
        var submit = Activity("invoke", "29:avery", teams.Url);
        submit["name"] = "adaptiveCard/action";
        submit["value"] = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = "context.submit", ["data"] = new JObject { ["handoffId"] = "HO-ANY" } } };

        var invoke = await PostAsync(submit, authorization: null);
        var install = await PostAsync(Install("29:avery", foreign.Url), authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, invoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, install.StatusCode);
        Assert.Equal(0, teams.Requests + foreign.Requests);
    }

    [Fact]
    public async Task ForgedTokens_401()
    {
        using var otherKey = RSA.Create(2048);
        var activity = Message("29:casey", "help", teams.Url);

        var wrongKey = await PostAsync(activity, "Bearer " + identity.ChannelToken(AppId, teams.Url, signWith: otherKey));
        var otherBot = await PostAsync(activity, "Bearer " + identity.ChannelToken("99999999-0000-0000-0000-000000000000", teams.Url));
        var noClaim = await PostAsync(activity, "Bearer " + identity.ChannelToken(AppId, serviceUrl: null));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherBot.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noClaim.StatusCode);
        Assert.Equal(0, teams.Requests);
    }

    [Fact]
    public async Task ValidToken_MatchingServiceUrl_Accepted_RepliesCarryTheBotsOwnToken()
    {
        var chat = TeamsWorld.PersonalChat("29:casey");

        var install = await PostAsync(Install("29:casey", teams.Url), Token(teams.Url));
        var welcome = await WaitForAsync(teams, c => c.Conversation == chat);
        var help = await PostAsync(Message("29:casey", "help", teams.Url), Token(teams.Url));
        await WaitForAsync(teams, c => c.Conversation == chat && c != welcome);

        Assert.Equal(HttpStatusCode.OK, install.StatusCode);
        Assert.Equal(HttpStatusCode.OK, help.StatusCode);
        Assert.Contains(welcome.Authorization, identity.IssuedAccessTokens.Select(t => "Bearer " + t));
    }

    [Fact]
    public async Task ValidTokenForAnotherServiceUrl_OrEmulatorTokenWithoutClaim_401_ConversationNotRepointed()
    {
        var chat = TeamsWorld.PersonalChat("29:avery");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Install("29:avery", teams.Url), Token(teams.Url))).StatusCode);
        await WaitForAsync(teams, c => c.Conversation == chat);

        // A genuine token (claim: the real service URL) on an activity that names another one, and a token the
        // SDK takes on its emulator path (no serviceurl claim at all): each tries to re-point the AE's chat.
        var repointWithChannelToken = await PostAsync(Update("29:avery", foreign.Url), Token(teams.Url));
        var repointWithEmulatorToken = await PostAsync(Update("29:avery", foreign.Url), "Bearer " + identity.EmulatorToken(AppId));

        Assert.Equal(HttpStatusCode.Unauthorized, repointWithChannelToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, repointWithEmulatorToken.StatusCode);

        // The next deal's context card (account, ARR, CRM id) still goes to the real chat, and nothing to the other URL.
        var handoffId = await PostDealAsync(Deals.Complete("CRM-SIGNED-1"));
        var card = await WaitForAsync(teams, c => c.Conversation == chat && c.Readable.Contains("Acme Logistics", StringComparison.Ordinal));
        Assert.NotNull(card.Card);
        Assert.Equal(0, foreign.Requests);

        // And the AE, with a valid token, acts on it.
        var submit = Activity("invoke", "29:avery", teams.Url);
        submit["name"] = "adaptiveCard/action";
        submit["value"] = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = "context.submit", ["data"] = new JObject { ["handoffId"] = handoffId } } };
        var submitted = await PostAsync(submit, Token(teams.Url));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        using var admin = bot.Client();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        var handoff = JObject.Parse(await admin.GetStringAsync($"/api/handoffs/{handoffId}"));
        Assert.Equal("CsReview", (string?)handoff["stage"]);
    }

    /// <summary>The connector's call, or a timeout carrying the bot's log (why it did not send).</summary>
    private async Task<FakeBotConnector.Call> WaitForAsync(FakeBotConnector connector, Func<FakeBotConnector.Call, bool> match)
    {
        try
        {
            return await connector.WaitForAsync(match, Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\nUnexpected: " + string.Join(", ", identity.Unexpected) + "\nThe bot's log:\n" + bot.Output, ex);
        }
    }

    private string Token(string serviceUrl) => "Bearer " + identity.ChannelToken(AppId, serviceUrl);

    private JObject Activity(string type, string from, string serviceUrl, string? conversation = null) => new()
    {
        ["type"] = type,
        ["id"] = $"signed-{Interlocked.Increment(ref nextActivity)}",
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JObject { ["id"] = from, ["aadObjectId"] = "aad-" + from[3..] },
        ["recipient"] = new JObject { ["id"] = TeamsWorld.BotId, ["name"] = "HandoffBot" },
        ["conversation"] = new JObject { ["id"] = conversation ?? TeamsWorld.PersonalChat(from), ["conversationType"] = "personal", ["tenantId"] = TeamsWorld.Tenant },
        ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = TeamsWorld.Tenant } },
    };

    private JObject Install(string from, string serviceUrl)
    {
        var a = Activity("conversationUpdate", from, serviceUrl);
        a["membersAdded"] = new JArray(new JObject { ["id"] = TeamsWorld.BotId }, new JObject { ["id"] = from });
        return a;
    }

    private JObject Update(string from, string serviceUrl)
    {
        var a = Activity("installationUpdate", from, serviceUrl);
        a["action"] = "add";
        return a;
    }

    private JObject Message(string from, string text, string serviceUrl)
    {
        var a = Activity("message", from, serviceUrl);
        a["text"] = text;
        return a;
    }

    private async Task<HttpResponseMessage> PostAsync(JObject activity, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToString(), Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return await client.SendAsync(request);
    }

    private async Task<string> PostDealAsync(System.Text.Json.Nodes.JsonObject deal)
    {
        var body = Encoding.UTF8.GetBytes(deal.ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(DealIntakeEndpoint.TimestampHeader, timestamp);
        request.Headers.Add(DealIntakeEndpoint.SignatureHeader, RequestSignature.Compute(IntakeSecret, "v1", timestamp, body));
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (string)JObject.Parse(text)["id"]!;
    }
}
