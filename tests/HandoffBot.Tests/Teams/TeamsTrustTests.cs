using System.Security.Claims;
using HandoffBot.Core.People;
using HandoffBot.Tests.Support;
using HandoffBot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// Every place that stores or changes a conversation reference or a person's Teams ids from an
/// activity (install, uninstall, the first message, the directory link) asks <see cref="ActivityTrust"/>
/// first. /api/messages already refuses such activities (TeamsSignedTokenTests); here the handlers are
/// run with an identity the endpoint would have refused, to show they hold on their own.
/// </summary>
public sealed class TeamsTrustTests : IAsyncLifetime
{
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync(new Dictionary<string, string?>
    {
        ["Teams:MicrosoftAppId"] = "0b1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
        ["Teams:MicrosoftAppPassword"] = "not-a-real-secret",
        ["Teams:AllowUnauthenticatedUnsafe"] = "false",
    });

    public async Task DisposeAsync() => await world.DisposeAsync();

    public static TheoryData<string, string?> Identities() => new()
    {
        { "unsigned", null },
        { "token without serviceurl", "" },
        { "token for another serviceUrl", "https://smba.trafficmanager.net/amer/" },
    };

    [Theory]
    [MemberData(nameof(Identities))]
    public async Task InstallAndFirstMessage_WithAnIdentityNotForThisServiceUrl_NothingStoredOrLinked(string what, string? claim)
    {
        var bot = world.App.Get<TeamsBot>();
        var adapter = new RecordingAdapter();

        await bot.OnTurnAsync(Turn(adapter, world.PersonalInstall("29:avery"), claim), CancellationToken.None);
        await bot.OnTurnAsync(Turn(adapter, world.Message("29:avery", "help"), claim), CancellationToken.None);

        Assert.Null(world.App.Get<ConversationStore>().Find(TeamsWorld.PersonalChat("29:avery")));
        Assert.Null((await world.App.Get<IPeopleDirectory>().FindAsync(Deals.Ae))!.Teams);
        // No welcome; the message is answered as from a stranger (no member lookup at that serviceUrl, no link).
        Assert.Equal([CommandHandler.NotInDirectory], adapter.Sent.Select(a => a.Text));
        Assert.True(world.Connector.Requests == 0, what);
    }

    [Theory]
    [MemberData(nameof(Identities))]
    public async Task Uninstall_WithAnIdentityNotForThisServiceUrl_StoredChatKept(string what, string? claim)
    {
        var chat = TeamsWorld.PersonalChat("29:avery");
        var conversations = world.App.Get<ConversationStore>();
        conversations.Save(new StoredConversation(chat, ConversationKind.Personal, world.Connector.Url, TeamsWorld.Tenant, "29:avery", "aad-avery", Deals.Ae, null,
            new ConversationReference { ServiceUrl = world.Connector.Url, Conversation = new ConversationAccount(id: chat) }));
        var removed = world.Activity("installationUpdate", "29:avery", chat);
        removed["action"] = "remove";
        removed["serviceUrl"] = "https://evil.example.com/";

        await world.App.Get<TeamsBot>().OnTurnAsync(Turn(new RecordingAdapter(), removed, claim), CancellationToken.None);

        Assert.True(conversations.Find(chat)?.ServiceUrl == world.Connector.Url, what);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/", true)]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/AMER/", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer", false)]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/", false)]
    [InlineData(null, "https://smba.trafficmanager.net/amer/", false)]
    public void Refusal_TheClaimMustBeTheServiceUrl_Exactly(string? claim, string serviceUrl, bool accepted)
    {
        List<Claim> claims = [new("aud", "app")];
        if (claim is not null)
        {
            claims.Add(new Claim("serviceurl", claim));
        }

        Assert.Equal(accepted, ActivityTrust.Refusal(new ClaimsIdentity(claims, "Bearer"), serviceUrl, anonymousBot: false) is null);
        Assert.Equal(accepted, ActivityTrust.Refusal(new ClaimsIdentity(claims, "Bearer"), serviceUrl, anonymousBot: true) is null);
    }

    [Fact]
    public void Refusal_Unsigned_OnlyForAnAnonymousBot()
    {
        var unsigned = new ClaimsIdentity([], AuthenticationConstants.AnonymousAuthType);

        Assert.Null(ActivityTrust.Refusal(unsigned, "http://127.0.0.1:1/", anonymousBot: true));
        Assert.NotNull(ActivityTrust.Refusal(unsigned, "http://127.0.0.1:1/", anonymousBot: false));
        Assert.NotNull(ActivityTrust.Refusal(null, "http://127.0.0.1:1/", anonymousBot: true));
    }

    /// <summary>A turn as the adapter builds it: the activity and the identity authentication produced (null claim: unsigned).</summary>
    private static TurnContext Turn(BotAdapter adapter, JObject json, string? serviceUrlClaim)
    {
        var activity = json.ToObject<Activity>()!;
        List<Claim> claims = serviceUrlClaim is null ? [] : [new Claim("aud", "0b1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5")];
        if (serviceUrlClaim is { Length: > 0 })
        {
            claims.Add(new Claim("serviceurl", serviceUrlClaim));
        }

        var identity = new ClaimsIdentity(claims, serviceUrlClaim is null ? AuthenticationConstants.AnonymousAuthType : "Bearer");
        var turn = new TurnContext(adapter, activity);
        turn.TurnState.Add<System.Security.Principal.IIdentity>(BotAdapter.BotIdentityKey, identity);
        return turn;
    }

    /// <summary>Keeps what the turn would send instead of sending it.</summary>
    private sealed class RecordingAdapter : BotAdapter
    {
        public List<Activity> Sent { get; } = [];

        public override Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
        {
            Sent.AddRange(activities);
            return Task.FromResult(activities.Select(_ => new ResourceResponse("sent")).ToArray());
        }

        public override Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public override Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
