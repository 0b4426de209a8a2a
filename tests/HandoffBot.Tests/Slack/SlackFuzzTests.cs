using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using HandoffBot.Core.Application.Actions;

namespace HandoffBot.Tests.Slack;

/// <summary>
/// Correctly signed but mutated Slack requests (fields missing or of the wrong type, huge or odd
/// unicode strings, deep nesting, duplicate keys, truncated bodies, broken percent-encoding):
/// whatever the body, the answer is never a 5xx. At least 5,000 generated cases per endpoint.
/// </summary>
public sealed class SlackFuzzTests : IAsyncLifetime
{
    private const int Cases = 5000;

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Const(() => (JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)i),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Char.Array[0, 3000].Select(c => (JsonNode?)new string(c)),
        Gen.Const(() => (JsonNode?)(new string('\u202e', 300) + "\ud83d\ude00\u0000\ud800" + "e\u0301")),
        Gen.Const(() => (JsonNode?)new string('x', 70_000)),
        Gen.Const(() => (JsonNode?)"brief.accept"),
        Gen.Const(() => (JsonNode?)"open.reject"),
        Gen.Const(() => (JsonNode?)"|"),
        Gen.Const(() => (JsonNode?)new JsonArray(new JsonObject { ["x"] = new JsonArray(1, "a", null) })),
        Gen.Const(() => (JsonNode?)new JsonObject()),
        Gen.Int[1, 60].Select(depth =>
        {
            JsonNode node = new JsonObject();
            for (var i = 0; i < depth; i++)
            {
                node = new JsonObject { ["n"] = node };
            }

            return (JsonNode?)node;
        }));

    /// <summary>Which node to change (index into the tree), what to put there, how to mangle the body, where to cut.</summary>
    private static readonly Gen<(int[] Picks, JsonNode?[] Values, int Mode, int Cut)> Case =
        Gen.Select(Gen.Int[0, 10_000].Array[1, 4], Value.Array[4], Gen.Int[0, 7], Gen.Int[0, 100]);

    private SlackWorld world = null!;
    private string handoffId = "";
    private string briefTs = "";

    public async Task InitializeAsync()
    {
        world = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Critical" });
        (handoffId, briefTs) = await world.HandoffInReviewAsync();
    }

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Events_MutatedAndSigned_NeverA5xx()
    {
        var seeds = new[]
        {
            Fixture("events_url_verification.json"),
            Fixture("events_app_mention_docs.json"),
            Fixture("events_message_im_docs.json"),
            """{"type":"event_callback","event_id":"Ev1","event":{"type":"app_home_opened","user":"U0CASEY","tab":"home"}}""",
        };
        var statuses = await RunAsync("/api/slack/events", "application/json", seeds, json => Encoding.UTF8.GetBytes(json), form: false);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
    }

    [Fact]
    public async Task Interactions_MutatedAndSigned_NeverA5xx()
    {
        var seeds = new[]
        {
            Fixture("interactivity_block_actions_button.json"),
            Fixture("interactivity_view_submission_modal.json"),
            SlackWorld.BlockAction(SlackWorld.CsmUser, ActionVerbs.BriefAccept, handoffId + "|", SlackWorld.BriefChannel, briefTs).ToJsonString(),
            SlackWorld.BlockAction(SlackWorld.CsmUser, "open.reject", handoffId + "|", SlackWorld.BriefChannel, briefTs).ToJsonString(),
            SlackWorld.ViewSubmission(SlackWorld.StrangerUser, ActionVerbs.BriefReject, handoffId + "|", (ActionInputs.Reason, "select:Other"), (ActionInputs.Comment, "x")).ToJsonString(),
            SlackWorld.ViewSubmission(SlackWorld.ManagerUser, ActionVerbs.ContextSave, handoffId, ("goals", "More"), ("targetGoLive", "2027-13-45")).ToJsonString(),
        };
        var statuses = await RunAsync("/api/slack/interactions", "application/x-www-form-urlencoded", seeds, json => SlackWorld.Form(("payload", json)), form: true);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
    }

    [Fact]
    public async Task Commands_MutatedAndSigned_NeverA5xx()
    {
        // The form's fields as a JSON object so the same mutations apply; sent form-encoded.
        var seeds = new[]
        {
            """{"command":"/handoff","text":"status Acme Logistics","user_id":"U0CASEY","channel_id":"C1","team_id":"T0FAKE","trigger_id":"1.2.3"}""",
            """{"command":"/handoff","text":"mine","user_id":"U0STRANGER"}""",
            """{"command":"/handoff","text":"who-owns Acme","user_id":"U0LEAD"}""",
        };
        static byte[] Encode(string json)
        {
            JsonObject parsed;
            try
            {
                parsed = JsonNode.Parse(json) as JsonObject ?? [];
            }
            catch (System.Text.Json.JsonException)
            {
                return Encoding.UTF8.GetBytes("text=" + json);
            }

            var fields = parsed
                .Select(p => (p.Key, p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? ""))
                .ToArray();
            return SlackWorld.Form(fields);
        }

        var statuses = await RunAsync("/api/slack/commands", "application/x-www-form-urlencoded", seeds, Encode, form: true);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
    }

    private async Task<List<HttpStatusCode>> RunAsync(string path, string contentType, string[] seeds, Func<string, byte[]> encode, bool form)
    {
        var statuses = new List<HttpStatusCode>();
        var count = 0;
        await Case.SampleAsync(async sample =>
        {
            var (picks, values, mode, cut) = sample;
            var seed = seeds[picks[0] % seeds.Length];
            var body = Mutate(seed, picks, values, mode, cut, encode, form);
            var response = await world.SendAsync(world.Signed(path, body, contentType));
            statuses.Add(response.StatusCode);
            count++;
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} on {path} for {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 400)])}");
        }, iter: Cases, threads: 1);
        Assert.True(count >= Cases, $"only {count} cases ran");
        return statuses;
    }

    private static byte[] Mutate(string seed, int[] picks, JsonNode?[] values, int mode, int cut, Func<string, byte[]> encode, bool form)
    {
        var root = JsonNode.Parse(seed)!;
        var nodes = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, nodes);
        for (var i = 0; i < picks.Length && nodes.Count > 0; i++)
        {
            var (parent, key, index) = nodes[picks[i] % nodes.Count];
            var value = values[i % values.Length]?.DeepClone();
            if (parent is JsonObject o && key is not null && o.ContainsKey(key))
            {
                if (mode == 0) o.Remove(key);
                else o[key] = value;
            }
            else if (parent is JsonArray a && index < a.Count)
            {
                if (mode == 0) a.RemoveAt(index);
                else a[index] = value;
            }
        }

        string json;
        try
        {
            json = root.ToJsonString();
        }
        catch (InvalidOperationException)
        {
            json = seed;
        }

        switch (mode)
        {
            case 3:
                // Deep nesting well past any parser's comfort.
                json = "{\"deep\":" + new string('[', 5000) + new string(']', 5000) + "," + json[1..];
                break;
            case 4:
                // A duplicate key.
                json = json.Length > 2 ? "{\"type\":\"block_actions\"," + json[1..] : json;
                break;
        }

        var bytes = encode(json);
        return mode switch
        {
            5 => bytes[..(bytes.Length * cut / 100)],
            6 when form => BreakEncoding(bytes, cut),
            7 => [.. bytes, 0xC3, 0x28, 0xFF],
            _ => bytes,
        };
    }

    private static byte[] BreakEncoding(byte[] bytes, int cut)
    {
        var at = bytes.Length * cut / 100;
        return [.. bytes[..at], .. "%zz%4%"u8.ToArray(), .. bytes[at..]];
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    into.Add((o, key, -1));
                    if (child is not null) Collect(child, into);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    into.Add((a, null, i));
                    if (a[i] is { } child) Collect(child, into);
                }

                break;
        }
    }

    private static string Fixture(string name) => File.ReadAllText(Path.Combine("Slack", "Fixtures", name));
}
