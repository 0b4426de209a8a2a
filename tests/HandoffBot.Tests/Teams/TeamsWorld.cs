using System.Net.Http.Headers;
using System.Text;
using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// The real bot with Teams on, a fake Bot Connector on loopback, and a playbook whose Enterprise
/// segment posts briefs to a Teams channel. Activities are built the way Teams sends them.
/// </summary>
public sealed class TeamsWorld : IAsyncDisposable
{
    public const string Tenant = "tenant-1";
    public const string BotId = "28:bot";
    public const string CsTeam = "19:cs-team@thread.tacv2";
    public const string CsChannel = "19:cs-channel@thread.tacv2";

    private int nextActivity;

    private readonly Func<string?, FakeTimeProvider?, HandoffBotApp> newApp;

    private TeamsWorld(FakeBotConnector connector, Func<string?, FakeTimeProvider?, HandoffBotApp> newApp)
    {
        Connector = connector;
        this.newApp = newApp;
        App = newApp(null, null);
        Client = App.CreateClient();
    }

    public FakeBotConnector Connector { get; }

    public HandoffBotApp App { get; private set; }

    public HttpClient Client { get; private set; }

    /// <summary>Stops the bot and starts a new one on the same LiteDB file, clock, settings and connector.</summary>
    public async Task RestartAsync()
    {
        var path = App.DbPath;
        var time = App.Time;
        Client.Dispose();
        await App.DisposeAsync();
        App = newApp(path, time);
        Client = App.CreateClient();
    }

    public static async Task<TeamsWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string environment = "Testing")
    {
        var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var playbook = Path.Combine(folder, "playbook.yaml");
        File.WriteAllText(playbook, File.ReadAllText(TestDefaults.PlaybookPath)
            .Replace("    crmNames: [Enterprise, Strategic]", $"    crmNames: [Enterprise, Strategic]\n    csChannel: teams:{CsChannel}", StringComparison.Ordinal));
        var all = new Dictionary<string, string?>
        {
            ["Teams:Enabled"] = "true",

            // Anonymous (unsigned activities from the test) outside Development has to be asked for by name;
            // TeamsAuthTests and TeamsSignedTokenTests run with an app id instead.
            ["Teams:AllowUnauthenticatedUnsafe"] = "true",
            // Retries wait on the app's fake clock: no backoff, so in-call retries need no clock moves.
            ["Teams:RetryBaseDelay"] = "00:00:00",
            ["Playbook:Path"] = playbook,
            ["Timing:WatchPlaybook"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        HandoffBotApp NewApp(string? dbPath, FakeTimeProvider? time) => new(dbPath, time, all)
        {
            Environment = environment,
            ConfigureTestServices = services,
        };
        foreach (var (id, name, email) in People)
        {
            connector.Members[id] = new FakeBotConnector.Member(id, name, email, "aad-" + id[3..]);
        }

        return new TeamsWorld(connector, NewApp);
    }

    /// <summary>Teams accounts of the seeded people (people.yaml), by user id.</summary>
    public static readonly (string Id, string Name, string Email)[] People =
    [
        ("29:avery", "Avery Brooks", Deals.Ae),
        ("29:casey", "Casey Lin", Deals.Csm),
        ("29:jordan", "Jordan Patel", Deals.CsLead),
        ("29:sam", "Sam Okafor", Deals.RevOps),
        ("29:stranger", "Riley Chen", "vp-sales@example.com"),
    ];

    public static string PersonalChat(string userId) => "a:chat-" + userId[3..];

    public JObject Activity(string type, string from, string conversation, string conversationType = "personal") => new()
    {
        ["type"] = type,
        ["id"] = $"act-{Interlocked.Increment(ref nextActivity)}",
        ["timestamp"] = "2026-11-02T14:00:00Z",
        ["channelId"] = "msteams",
        ["serviceUrl"] = Connector.Url,
        ["from"] = new JObject { ["id"] = from, ["aadObjectId"] = "aad-" + from[3..] },
        ["recipient"] = new JObject { ["id"] = BotId, ["name"] = "HandoffBot" },
        ["conversation"] = new JObject { ["id"] = conversation, ["conversationType"] = conversationType, ["tenantId"] = Tenant },
        ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = Tenant } },
    };

    public JObject PersonalInstall(string userId)
    {
        var a = Activity("conversationUpdate", userId, PersonalChat(userId));
        a["membersAdded"] = new JArray(new JObject { ["id"] = BotId }, new JObject { ["id"] = userId });
        return a;
    }

    public JObject TeamInstall(string byUserId)
    {
        var a = Activity("conversationUpdate", byUserId, CsTeam, "channel");
        a["membersAdded"] = new JArray(new JObject { ["id"] = BotId });
        a["channelData"] = new JObject
        {
            ["tenant"] = new JObject { ["id"] = Tenant },
            ["eventType"] = "teamMemberAdded",
            ["team"] = new JObject { ["id"] = CsTeam, ["name"] = "Customer Success" },
        };
        return a;
    }

    public JObject Message(string userId, string text, string? conversation = null, string conversationType = "personal")
    {
        var a = Activity("message", userId, conversation ?? PersonalChat(userId), conversationType);
        a["text"] = text;
        return a;
    }

    public JObject CardAction(string userId, string verb, JObject data, string? conversation = null, string conversationType = "personal")
    {
        var a = Activity("invoke", userId, conversation ?? PersonalChat(userId), conversationType);
        a["name"] = "adaptiveCard/action";
        a["value"] = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" };
        return a;
    }

    public Task<HttpResponseMessage> PostAsync(JObject activity, string? authorization = null) =>
        PostRawAsync(activity.ToString(), authorization);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Installs the bot for these people and in the CS team (channel list from the fake connector).</summary>
    public async Task InstallAsync(params string[] userIds)
    {
        Connector.Channels[CsTeam] = [(CsTeam, "General"), (CsChannel, "Handoffs")];
        foreach (var id in userIds)
        {
            (await PostAsync(PersonalInstall(id))).EnsureSuccessStatusCode();
        }

        (await PostAsync(TeamInstall(userIds[0]))).EnsureSuccessStatusCode();
    }

    public async Task<string> PostDealAsync(System.Text.Json.Nodes.JsonObject deal)
    {
        var response = await App.PostDealAsync(deal.ToJsonString());
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        await App.RunJobsAsync();
        return (string)body["id"]!;
    }

    public async Task<Handoff> HandoffAsync(string id) => (await App.Get<HandoffService>().GetAsync(id))!;

    /// <summary>The production renderer is strict: a card that fell back (a binding without data) fails the test.</summary>
    public async ValueTask DisposeAsync()
    {
        var fallbacks = App.Get<CardProblems>().Recent;
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        Assert.Empty(fallbacks);
    }
}
