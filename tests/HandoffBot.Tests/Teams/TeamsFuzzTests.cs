using System.Net;
using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// Real Teams payloads replayed, then mutated (fields missing or of the wrong type, huge and odd
/// unicode strings, deep nesting, truncated or non-JSON bodies, an unreachable serviceUrl): never a
/// 5xx, and the handoff in flight is neither lost nor changed.
/// </summary>
public sealed class TeamsFuzzTests : IAsyncLifetime
{
    private const int Cases = 5_000;
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    public static TheoryData<string> Fixtures() => [.. FixtureNames()];

    private static IEnumerable<string> FixtureNames() => Directory.GetFiles(FixtureFolder, "*.json").Select(Path.GetFileName).OfType<string>().Order();

    private static string FixtureFolder => Path.Combine(AppContext.BaseDirectory, "Teams", "Fixtures");

    private JObject Fixture(string name)
    {
        var json = JObject.Parse(File.ReadAllText(Path.Combine(FixtureFolder, name)));
        json["serviceUrl"] = world.Connector.Url;
        return json;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_Replayed_2xxAndASensibleReply(string name)
    {
        var activity = Fixture(name);

        var response = await world.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversation = (string)activity["conversation"]!["id"]!;
        switch ((string?)activity["type"])
        {
            case "invoke":
                var body = JObject.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal(200, (int?)body["statusCode"]);
                Assert.False(string.IsNullOrWhiteSpace((string?)body["value"]));
                break;
            default:
                // Install → welcome (personal or in the team channel); a message → an answer.
                Assert.NotEmpty(world.Connector.MessagesTo(conversation));
                break;
        }
    }

    [Fact]
    public async Task MutatedFixtures_NeverA5xx_NoHandoffLostOrChanged()
    {
        await world.InstallAsync("29:avery");
        var id = await world.PostDealAsync(Deals.Minimal());
        var before = await world.HandoffAsync(id);
        var fixtures = FixtureNames().Select(Fixture).ToArray();
        var random = new Random(20261202);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < Cases; i++)
        {
            var activity = (JObject)fixtures[random.Next(fixtures.Length)].DeepClone();
            activity["id"] = $"fuzz-{i}";
            var body = Mutate(activity, random, out var description);
            var response = await world.PostRawAsync(body);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"case {i} ({description}) answered {status}: {Truncate(body)}");
        }

        var after = await world.HandoffAsync(id);
        Assert.Equal((before.Stage, before.Owner, before.Version), (after.Stage, after.Owner, after.Version));
        Assert.True(statuses.GetValueOrDefault(200) > Cases / 10, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(statuses.GetValueOrDefault(400) > Cases / 10, string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    private static string Mutate(JObject activity, Random random, out string description)
    {
        var steps = new List<string>();
        var count = random.Next(1, 4);
        for (var n = 0; n < count; n++)
        {
            var tokens = activity.Descendants().OfType<JProperty>().ToList();
            var target = tokens.Count == 0 ? null : tokens[random.Next(tokens.Count)];
            switch (random.Next(10))
            {
                case 0 when target is not null:
                    steps.Add("remove " + target.Path);
                    target.Remove();
                    break;
                case 1 when target is not null:
                    JToken[] wrong = [42, true, JValue.CreateNull(), new JArray(1, "x"), new JObject { ["x"] = 1 }, "text", -1.5e308];
                    target.Value = wrong[random.Next(wrong.Length)];
                    steps.Add("retype " + target.Path);
                    break;
                case 2 when target is not null:
                    target.Value = new string('x', random.Next(1_000, 200_000));
                    steps.Add("huge " + target.Path);
                    break;
                case 3 when target is not null:
                    string[] odd = ["\u0000\u0001", "\ud800", "مرحبا\u202eabc", "🧨💥" + new string('\u0301', 500), "<at>x</at>", "\uFEFF", "a\r\nb\tc"];
                    target.Value = odd[random.Next(odd.Length)];
                    steps.Add("unicode " + target.Path);
                    break;
                case 4 when target is not null:
                    JToken deep = new JArray();
                    for (var d = 0; d < random.Next(70, 400); d++)
                    {
                        deep = new JArray(deep);
                    }

                    target.Value = deep;
                    steps.Add("deep " + target.Path);
                    break;
                case 5:
                    activity["serviceUrl"] = "http://127.0.0.1:9/";
                    steps.Add("unreachable connector");
                    break;
                case 6:
                    activity["serviceUrl"] = random.Next(2) == 0 ? "not a url" : "file:///etc/passwd";
                    steps.Add("bad serviceUrl");
                    break;
                default:
                    break;
            }
        }

        var text = activity.ToString(Newtonsoft.Json.Formatting.None);
        switch (random.Next(12))
        {
            case 0:
                description = string.Join("; ", steps) + "; truncated";
                return text[..random.Next(text.Length)];
            case 1:
                var bytes = new byte[random.Next(0, 512)];
                random.NextBytes(bytes);
                description = "random bytes";
                return Encoding.Latin1.GetString(bytes);
            default:
                description = string.Join("; ", steps);
                return text;
        }
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
