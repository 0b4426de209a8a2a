using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.FakeSlack;
using HandoffBot.Security;
using HandoffBot.Slack;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Slack;

/// <summary>
/// The real bot wired to a fake Slack Web API on loopback (real HTTP both ways), with the
/// Enterprise brief routed to a Slack channel and the AE on Slack. Requests are signed exactly as
/// Slack signs them.
/// </summary>
public sealed class SlackWorld : IAsyncDisposable
{
    public const string Secret = "test-slack-signing-secret";
    public const string Token = "xoxb-test-token";
    public const string BriefChannel = "C0CSBRIEF";
    public const string AeUser = "U0AVERY";
    public const string CsmUser = "U0CASEY";
    public const string LeadUser = "U0LEAD";
    public const string ManagerUser = "U0MORGAN";
    public const string StrangerUser = "U0STRANGER";

    private SlackWorld(FakeSlackServer slack, HandoffBotApp app)
    {
        Slack = slack;
        App = app;
    }

    public FakeSlackServer Slack { get; }

    public HandoffBotApp App { get; }

    public FakeTimeProvider Time => App.Time;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<SlackWorld> StartAsync(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        var slack = new FakeSlackServer { Token = Token };
        slack.AddUser(AeUser, Deals.Ae, "Avery Brooks");
        slack.AddUser(CsmUser, Deals.Csm, "Casey Lin");
        slack.AddUser(LeadUser, Deals.CsLead, "Jordan Patel");
        slack.AddUser(ManagerUser, "morgan.lead@example.com", "Morgan Diaz");
        slack.AddUser(StrangerUser, "stranger@example.com", "Stranger");
        await slack.StartAsync();

        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var playbook = await File.ReadAllTextAsync(TestDefaults.PlaybookPath);
        playbook = playbook.Replace("    crmNames: [Enterprise, Strategic]\n", $"    crmNames: [Enterprise, Strategic]\n    csChannel: slack:{BriefChannel}\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "playbook.yaml"), playbook);
        var people = await File.ReadAllTextAsync(TestDefaults.PeoplePath);
        var first = people.IndexOf("platform: teams", StringComparison.Ordinal);
        people = people[..first] + "platform: slack" + people[(first + "platform: teams".Length)..];
        await File.WriteAllTextAsync(Path.Combine(folder, "people.yaml"), people);

        var all = new Dictionary<string, string?>
        {
            ["Playbook:Path"] = Path.Combine(folder, "playbook.yaml"),
            ["People:SeedPath"] = Path.Combine(folder, "people.yaml"),
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = Token,
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
            ["Slack:ChannelMessageIntervalMs"] = "0",
            ["Slack:MaxAttempts"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero));
        var app = new HandoffBotApp(dbPath: Path.Combine(folder, "handoffbot.db"), time: time, settings: all);
        slack.Clock = time.GetUtcNow;
        var world = new SlackWorld(slack, app);
        world.Client = app.CreateClient();
        return world;
    }

    /// <summary>Runs every due job once whatever Slack sent has reached the job store (the inbox moves it there after the ack).</summary>
    public async Task<int> RunJobsAsync()
    {
        await App.Get<SlackInbox>().WhenMovedAsync();
        return await App.RunJobsAsync();
    }

    /// <summary>The production renderer is strict: a card that fell back (a binding without data) fails the test.</summary>
    public async ValueTask DisposeAsync()
    {
        var fallbacks = App.Get<HandoffBot.Cards.CardProblems>().Recent;
        Client.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        Assert.Empty(fallbacks);
    }

    /// <summary>A request signed as Slack signs it: v0 HMAC over "v0:{ts}:{raw body}".</summary>
    public HttpRequestMessage Signed(string path, byte[] body, string contentType, DateTimeOffset? at = null, string? secret = Secret, string? timestamp = null)
    {
        var ts = timestamp ?? (at ?? Time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(SlackRequest.TimestampHeader, ts);
        if (secret is not null)
        {
            request.Headers.Add(SlackRequest.SignatureHeader, RequestSignature.Compute(secret, "v0", ts, body));
        }

        return request;
    }

    public Task<HttpResponseMessage> PostEventAsync(JsonObject envelope, int? retryNum = null)
    {
        var request = Signed("/api/slack/events", Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/json");
        if (retryNum is { } n)
        {
            request.Headers.Add(SlackRequest.RetryNumHeader, n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return SendAsync(request);
    }

    public Task<HttpResponseMessage> PostInteractionAsync(JsonObject payload) =>
        SendAsync(Signed("/api/slack/interactions", Form(("payload", payload.ToJsonString())), "application/x-www-form-urlencoded"));

    public Task<HttpResponseMessage> PostCommandAsync(string text, string userId) =>
        SendAsync(Signed("/api/slack/commands", Form(("command", "/handoff"), ("text", text), ("user_id", userId), ("channel_id", "C0RANDOM"), ("team_id", "T0FAKE"), ("trigger_id", "1.2.3"), ("response_url", Slack.ResponseUrl())), "application/x-www-form-urlencoded"));

    /// <summary>Runs <paramref name="request"/> until Slack has seen a call of <paramref name="method"/>, then moves the clock by <paramref name="advance"/>.</summary>
    public async Task<HttpResponseMessage> AnswerAfterAsync(Task<HttpResponseMessage> request, Task slackSaw, TimeSpan advance)
    {
        // A guard against a hang, not a timing: a request that outlives the budget fails the test instead of blocking it.
        await slackSaw.WaitAsync(TimeSpan.FromSeconds(30));
        Time.Advance(advance);
        return await request.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Completes when Slack has been called with <paramref name="method"/> (counting calls already made).</summary>
    public Task SawAsync(string method)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCall(FakeSlackCall call)
        {
            if (call.Method == method)
            {
                seen.TrySetResult();
            }
        }

        Slack.Called += OnCall;
        if (Slack.CallsTo(method).Count > 0)
        {
            seen.TrySetResult();
        }

        return seen.Task.ContinueWith(_ => Slack.Called -= OnCall, TaskScheduler.Default);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Client.SendAsync(request);
        }
    }

    public static byte[] Form(params (string Key, string Value)[] fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));

    /// <summary>A complete Enterprise deal taken in and submitted by the AE: the brief is in the Slack channel.</summary>
    public async Task<(string Id, string BriefTs)> HandoffInReviewAsync(string crmId = "CRM-1001")
    {
        var response = await App.PostDealAsync(Deals.Complete(crmId).ToJsonString());
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsyncSafe())!["id"]!.GetValue<string>();
        await RunJobsAsync();
        await App.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);
        await RunJobsAsync();
        var brief = Slack.CallsTo("chat.postMessage").Last(c => c.Args["channel"]?.GetValue<string>() == BriefChannel);
        var ts = (await App.Get<HandoffService>().GetAsync(id))!.Messages["brief"].MessageId;
        Assert.NotNull(brief);
        return (id, ts);
    }

    /// <summary>Text as Slack's mrkdwn carries it (&amp;, &lt; and &gt; escaped).</summary>
    public static string Escaped(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Every text in a Block Kit tree (section text and fields, headers, context elements, button labels).</summary>
    public static List<string> Texts(JsonNode? node)
    {
        var texts = new List<string>();
        Collect(node, texts);
        return texts;

        static void Collect(JsonNode? n, List<string> into)
        {
            switch (n)
            {
                case JsonObject o:
                    if (o["text"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String)
                    {
                        into.Add(v.GetValue<string>());
                    }

                    foreach (var (_, child) in o)
                    {
                        Collect(child, into);
                    }

                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Collect(child, into);
                    }

                    break;
            }
        }
    }

    public static JsonObject BlockAction(string userId, string actionId, string value, string channel, string messageTs, string? triggerId = null) => new()
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = userId, ["username"] = userId.ToLowerInvariant(), ["team_id"] = "T0FAKE" },
        ["api_app_id"] = "A0HANDOFF",
        ["team"] = new JsonObject { ["id"] = "T0FAKE", ["domain"] = "fake" },
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "cs-briefs" },
        ["trigger_id"] = triggerId ?? Guid.NewGuid().ToString("N"),
        ["response_url"] = "https://hooks.example/actions/T0FAKE/1/x",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId,
            ["block_id"] = "actions",
            ["type"] = "button",
            ["value"] = value,
            ["action_ts"] = "1762092000.000100",
        }),
    };

    /// <summary>The button whose action_id is <paramref name="verb"/> (or <c>verb:n</c>) in a posted message's blocks.</summary>
    public static JsonObject Button(JsonNode? blocks, string verb) =>
        Elements(blocks).FirstOrDefault(e => e.Str("type") == "button" && SlackActionIds.Verb(e.Str("action_id")) == verb)
        ?? throw new Xunit.Sdk.XunitException($"No button '{verb}' in {blocks?.ToJsonString()}");

    /// <summary>Presses a button of a message the bot posted, as Slack sends the click.</summary>
    public Task<HttpResponseMessage> ClickAsync(string userId, JsonObject button, string channel, string messageTs, string? triggerId = null) =>
        PostInteractionAsync(BlockAction(userId, button.Str("action_id")!, button.Str("value") ?? "", channel, messageTs, triggerId));

    /// <summary>The view of the last views.open call.</summary>
    public JsonObject LastOpenedView() => Slack.CallsTo("views.open").Last().Args["view"]!.AsObject();

    /// <summary>
    /// A view_submission of a view the bot opened, as Slack builds it: the view's own blocks, and
    /// state.values for every input block keyed by its block_id and action_id, typed by its element.
    /// </summary>
    public static JsonObject SubmissionOf(string userId, JsonObject view, IReadOnlyDictionary<string, string?> typed)
    {
        var values = new JsonObject();
        foreach (var block in view["blocks"]!.AsArray().OfType<JsonObject>().Where(b => b.Str("type") == "input"))
        {
            var element = block.Obj("element")!;
            var value = typed.GetValueOrDefault(block.Str("block_id")!);
            JsonObject state = element.Str("type") switch
            {
                "static_select" => new() { ["type"] = "static_select", ["selected_option"] = value is null ? null : new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = value }, ["value"] = value } },
                "datepicker" => new() { ["type"] = "datepicker", ["selected_date"] = value },
                "checkboxes" => new() { ["type"] = "checkboxes", ["selected_options"] = value is null ? new JsonArray() : new JsonArray(new JsonObject { ["value"] = value }) },
                _ => new() { ["type"] = "plain_text_input", ["value"] = value },
            };
            values[block.Str("block_id")!] = new JsonObject { [element.Str("action_id")!] = state };
        }

        var submitted = view.DeepClone().AsObject();
        submitted["id"] = "V" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        submitted["hash"] = "1762092000.x" + Guid.NewGuid().ToString("N")[..6];
        submitted["state"] = new JsonObject { ["values"] = values };
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = userId, ["team_id"] = "T0FAKE" },
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["trigger_id"] = Guid.NewGuid().ToString("N"),
            ["view"] = submitted,
        };
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    /// <summary>A modal submission with the given input values (plain text unless the value is a select choice "select:v").</summary>
    public static JsonObject ViewSubmission(string userId, string callbackId, string metadata, params (string Input, string? Value)[] inputs)
    {
        var values = new JsonObject();
        var blocks = new JsonArray();
        foreach (var (input, value) in inputs)
        {
            blocks.Add(new JsonObject { ["type"] = "input", ["block_id"] = input, ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = input } });
            values[input] = new JsonObject
            {
                [input] = value is not null && value.StartsWith("select:", StringComparison.Ordinal)
                    ? new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = value["select:".Length..] } }
                    : new JsonObject { ["type"] = "plain_text_input", ["value"] = value },
            };
        }

        return new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = userId, ["team_id"] = "T0FAKE" },
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["trigger_id"] = Guid.NewGuid().ToString("N"),
            ["view"] = new JsonObject
            {
                ["id"] = "V" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
                ["type"] = "modal",
                ["callback_id"] = callbackId,
                ["private_metadata"] = metadata,
                ["blocks"] = blocks,
                ["state"] = new JsonObject { ["values"] = values },
                ["hash"] = "1762092000.abc",
            },
        };
    }
}

internal static class ResponseJson
{
    public static async Task<JsonObject?> ReadFromJsonAsyncSafe(this HttpContent content) =>
        JsonNode.Parse(await content.ReadAsStringAsync()) as JsonObject;
}
