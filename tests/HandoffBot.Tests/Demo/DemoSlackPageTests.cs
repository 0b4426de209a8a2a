using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HandoffBot.Demo;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Demo;

/// <summary>
/// The local Slack page of the demo, as the page's script uses it: the real bot process started with
/// <c>demo slack</c>, its fake Slack Web API answering the bot's real Slack client over loopback, and the
/// page's clicks relayed to /api/slack/* signed as Slack signs them. The AE fills in the sample deal in
/// the modal and sends it, the CSM accepts in the channel, the leader asks for the digest. Outside the
/// demo the page and its Web API do not exist.
/// </summary>
public sealed class DemoSlackPageTests
{
    private const string Ae = "U0AVERY";
    private const string Csm = "U0CASEY";
    private const string Leader = "U0RILEY";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DemoSlack_AeFillsTheFormAndSends_CsmAccepts_LeaderGetsTheDigest()
    {
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("handoffbot-demo-").FullName; // the demo writes data/demo/ below it
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?>(), "Development", ["demo", "slack", "--urls", $"http://127.0.0.1:{port}"], folder);
        using var http = bot.Client();

        // The AE's DM: the sample deal's context request, saying what is missing.
        var (dm, request) = await WaitForMessageAsync(http, Ae, s => Dm(s), m => Text(m).Contains("Deal context for Acme Logistics", StringComparison.Ordinal) && Button(m, "open.context") is not null);
        Assert.Contains("Missing", Text(request), StringComparison.Ordinal);
        Assert.Equal(200, await ClickAsync(http, Ae, dm, request, "open.context"));

        // The modal the bot opened with views.open; what is typed goes back as view_submission.
        var modal = (await WaitForAsync(http, Ae, s => s["modal"] is JsonObject))["modal"]!.AsObject();
        var field = modal["blocks"]!.AsArray().OfType<JsonObject>().Single(b => (string?)b["block_id"] == "successCriteria");
        var submitted = await PostAsync(http, "/demo/slack/submit", new JsonObject
        {
            ["user"] = Ae,
            ["viewId"] = (string?)modal["id"],
            ["values"] = new JsonObject { ["successCriteria"] = new JsonObject { [(string)field["element"]!["action_id"]!] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "Late deliveries under 3%" } } },
        });
        Assert.Equal(200, (int?)submitted["status"]);
        Assert.Null(submitted["errors"]);
        var (_, saved) = await WaitForMessageAsync(http, Ae, s => Dm(s), m => Text(m).Contains("Everything CS needs is there", StringComparison.Ordinal) && Button(m, "context.submit") is not null);
        Assert.Equal(200, await ClickAsync(http, Ae, dm, saved, "context.submit"));

        // The CSM sees the brief in the CS channel, with Accept; pressing it accepts as her.
        var (channel, brief) = await WaitForMessageAsync(http, Csm, _ => DemoSettings.SlackChannel, m => Text(m).Contains("Handoff brief", StringComparison.Ordinal) && Button(m, "brief.accept") is not null);
        Assert.Equal(200, await ClickAsync(http, Csm, channel, brief, "brief.accept"));
        var (_, accepted) = await WaitForMessageAsync(http, Csm, _ => channel, m => (string?)m["ts"] == (string?)brief["ts"] && Text(m).Contains("Accepted", StringComparison.Ordinal));
        Assert.Contains("Casey Lin", Text(accepted), StringComparison.Ordinal);
        Assert.Null(Button(accepted, "brief.accept"));

        // The sales leader: /handoff digest, answered only to him.
        var said = await PostAsync(http, "/demo/slack/say", new JsonObject { ["user"] = Leader, ["channel"] = channel, ["text"] = "/handoff digest" });
        Assert.Equal(200, (int?)said["status"]);
        var (_, digest) = await WaitForMessageAsync(http, Leader, _ => channel, m => Text(m).Contains("Handoff digest", StringComparison.Ordinal));
        Assert.True((bool?)digest["ephemeral"]);

        Assert.DoesNotContain("Exception", bot.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Development", "false")]
    public async Task NotTheDemo_NoSlackPageAndNoFakeWebApi(string environment, string demo)
    {
        await using var app = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = demo, ["Demo:Platform"] = "Slack" }) { Environment = environment };
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/demo/slack", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/demo/slack/state?user=U0AVERY", UriKind.Relative))).StatusCode);
        using var post = new StringContent("{\"channel\":\"C0DEMOCS01\",\"text\":\"hi\"}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri("/demo/slack/api/chat.postMessage", UriKind.Relative), post)).StatusCode);
        using var click = new StringContent("{\"user\":\"U0CASEY\"}", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync(new Uri("/demo/slack/click", UriKind.Relative), click)).StatusCode);
    }

    private static string Dm(JsonObject state) => (string)state["dm"]!;

    private static async Task<int> ClickAsync(HttpClient http, string user, string channel, JsonObject message, string actionId)
    {
        var (block, button) = Button(message, actionId)!.Value;
        var answer = await PostAsync(http, "/demo/slack/click", new JsonObject
        {
            ["user"] = user,
            ["channel"] = channel,
            ["ts"] = (string?)message["ts"],
            ["action"] = new JsonObject { ["action_id"] = actionId, ["block_id"] = block, ["type"] = "button", ["value"] = (string?)button["value"] },
        });
        return (int?)answer["status"] ?? 0;
    }

    /// <summary>The block id and the button with this action id in a message's blocks, if there is one.</summary>
    private static (string? Block, JsonObject Button)? Button(JsonObject message, string actionId)
    {
        foreach (var block in (message["blocks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var elements = (block["elements"] as JsonArray ?? []).OfType<JsonObject>().Append(block["accessory"] as JsonObject);
            if (elements.FirstOrDefault(e => e is not null && (string?)e["type"] == "button" && (string?)e["action_id"] == actionId) is { } found)
            {
                return ((string?)block["block_id"], found);
            }
        }

        return null;
    }

    private static string Text(JsonObject message) => message.ToJsonString();

    private static async Task<(string Channel, JsonObject Message)> WaitForMessageAsync(HttpClient http, string user, Func<JsonObject, string> channelOf, Func<JsonObject, bool> match)
    {
        JsonObject? found = null;
        string channel = "";
        await WaitForAsync(http, user, s =>
        {
            channel = channelOf(s);
            var at = channel;
            found = (s["messages"] as JsonArray ?? []).OfType<JsonObject>().LastOrDefault(m => (string?)m["channel"] == at && match(m));
            return found is not null;
        });
        return (channel, found!);
    }

    /// <summary>The page's long poll: asks for the state again each time the workspace changes, until it matches.</summary>
    private static async Task<JsonObject> WaitForAsync(HttpClient http, string user, Func<JsonObject, bool> done)
    {
        using var timeout = new CancellationTokenSource(Patience);
        long? since = null;
        while (true)
        {
            var url = $"/demo/slack/state?user={user}" + (since is { } v ? $"&since={v}" : "");
            var state = (await http.GetFromJsonAsync<JsonObject>(new Uri(url, UriKind.Relative), timeout.Token))!;
            if (done(state))
            {
                return state;
            }

            since = (long)state["version"]!;
        }
    }

    private static async Task<JsonObject> PostAsync(HttpClient http, string path, JsonObject body)
    {
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
