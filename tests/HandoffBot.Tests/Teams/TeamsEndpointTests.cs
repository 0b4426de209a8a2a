using System.Net;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>/api/messages through the real SDK against a fake Bot Connector on loopback.</summary>
public sealed class TeamsEndpointTests : IAsyncLifetime
{
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task PersonalInstall_KnownPerson_LinkedAndWelcomedOnce()
    {
        var response = await world.PostAsync(world.PersonalInstall("29:avery"));
        var again = world.Activity("installationUpdate", "29:avery", TeamsWorld.PersonalChat("29:avery"));
        again["action"] = "add";
        var second = await world.PostAsync(again);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var welcome = Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")));
        Assert.NotNull(welcome.Card);
        var avery = await world.App.Get<IPeopleDirectory>().FindAsync(Deals.Ae);
        Assert.Equal(new TeamsIdentity("29:avery", "aad-avery", TeamsWorld.Tenant), avery!.Teams);
    }

    [Fact]
    public async Task PersonalInstall_BothEventsAtOnce_WelcomedOnce()
    {
        // Teams (and the playground) send conversationUpdate and installationUpdate together.
        var update = world.Activity("installationUpdate", "29:avery", TeamsWorld.PersonalChat("29:avery"));
        update["action"] = "add";

        var responses = await Task.WhenAll(world.PostAsync(world.PersonalInstall("29:avery")), world.PostAsync(update));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")));
    }

    [Fact]
    public async Task Uninstall_ForgetsTheChat_NextInstallWelcomesAgain()
    {
        await world.PostAsync(world.PersonalInstall("29:avery"));
        var removed = world.Activity("installationUpdate", "29:avery", TeamsWorld.PersonalChat("29:avery"));
        removed["action"] = "remove";
        await world.PostAsync(removed);
        await world.PostAsync(world.PersonalInstall("29:avery"));

        Assert.Equal(2, world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Count);
    }

    [Fact]
    public async Task Message_WhoOwns_AnsweredWithTheOwner()
    {
        await world.InstallAsync("29:avery");
        await world.PostDealAsync(Deals.Minimal());

        var response = await world.PostAsync(world.Message("29:avery", "  WHO OWNS   acme logistics "));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Last();
        Assert.Contains("**you** own Context capture.", reply.Readable, StringComparison.Ordinal); // Avery asked about her own stage
        Assert.DoesNotContain(Deals.Ae, reply.Readable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_UnknownText_GetsAHintNotSilence()
    {
        await world.PostAsync(world.Message("29:avery", "what is the weather like"));

        var reply = Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")));
        Assert.NotNull(reply.Card);
    }

    [Fact]
    public async Task Message_PersonNotInDirectory_ToldHowToGetAdded()
    {
        world.Connector.Members["29:nobody"] = new FakeBotConnector.Member("29:nobody", "No Body", "nobody@example.com", "aad-nobody");

        await world.PostAsync(world.Message("29:nobody", "help"));

        var reply = Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:nobody")));
        Assert.Contains("people directory", reply.Readable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelMessage_OnlyAnsweredWhenMentioned()
    {
        var plain = world.Message("29:avery", "help", TeamsWorld.CsChannel, "channel");
        var mentioned = world.Message("29:avery", "<at>HandoffBot</at> help", TeamsWorld.CsChannel, "channel");
        mentioned["entities"] = new JArray(new JObject
        {
            ["type"] = "mention",
            ["text"] = "<at>HandoffBot</at>",
            ["mentioned"] = new JObject { ["id"] = TeamsWorld.BotId, ["name"] = "HandoffBot" },
        });

        await world.PostAsync(plain);
        Assert.Empty(world.Connector.MessagesTo(TeamsWorld.CsChannel));
        await world.PostAsync(mentioned);
        Assert.Single(world.Connector.MessagesTo(TeamsWorld.CsChannel));
    }

    [Fact]
    public async Task DuplicateActivityId_ProcessedOnce()
    {
        var message = world.Message("29:avery", "help");

        var first = await world.PostAsync(message);
        var second = await world.PostAsync(message);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")));
    }

    [Fact]
    public async Task ConnectorThrottles_ReplyRetriedWithBackoff_ThenDelivered()
    {
        await world.PostAsync(world.Message("29:avery", "help"));
        var before = world.Connector.Requests;
        world.Connector.FailNext(2, HttpStatusCode.TooManyRequests);

        await world.PostAsync(world.Message("29:avery", "help"));

        Assert.Equal(2, world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Count);
        Assert.Equal(3, world.Connector.Requests - before);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":\"message\"}")]
    [InlineData("{\"type\":\"message\",\"serviceUrl\":\"ftp://x\",\"channelId\":\"msteams\",\"from\":{\"id\":\"a\"},\"recipient\":{\"id\":\"b\"},\"conversation\":{\"id\":\"c\"}}")]
    [InlineData("{\"type\":\"message\",\"from\":")]
    public async Task MalformedBody_400WithProblem(string body)
    {
        var response = await world.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task InvokeWithUnknownVerb_200WithAMessageSayingSo()
    {
        await world.PostAsync(world.PersonalInstall("29:avery"));

        var response = await world.PostAsync(world.CardAction("29:avery", "feedback.submit", new JObject { ["feedback"] = "hi" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Contains("not one I know", (string?)body["value"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInvokeName_200NotNotImplemented()
    {
        var invoke = world.Activity("invoke", "29:avery", TeamsWorld.PersonalChat("29:avery"));
        invoke["name"] = "composeExtension/query";

        var response = await world.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConnectorUnreachable_MessageStill2xx()
    {
        var message = world.Message("29:avery", "help");
        message["serviceUrl"] = "http://127.0.0.1:9/";

        var response = await world.PostAsync(message);

        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
    }
}
