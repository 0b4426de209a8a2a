using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.FakeSlack;

namespace HandoffBot.Chaos;

/// <summary>
/// One chaos run's world: the fake Slack (in this process, real HTTP), the proxy in front of it,
/// the bot process on a fresh data file, and the signed requests a CRM and Slack would send.
/// </summary>
internal sealed class ChaosWorld : IAsyncDisposable
{
    public const string BriefChannel = "C0CHAOSCS";
    public const string UnknownUser = "U0NEWBIE";
    private const string IntakeSecret = "chaos-intake-secret";
    private const string SlackSecret = "chaos-slack-secret";
    private const string AdminKey = "chaos-admin-key";
    private const string Token = "xoxb-chaos";
    private static readonly string[] Aes = ["U0AE01", "U0AE02", "U0AE03", "U0AE04", "U0AE05"];

    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private int next;

    private ChaosWorld(string folder, FakeSlackServer slack, StallProxy proxy, IReadOnlyList<BotProcess> bots)
    {
        Folder = folder;
        Slack = slack;
        Proxy = proxy;
        Bots = bots;
    }

    public string Folder { get; }

    public FakeSlackServer Slack { get; }

    public StallProxy Proxy { get; }

    /// <summary>The first (with LiteDB, the only) instance.</summary>
    public BotProcess Bot => Bots[0];

    /// <summary>Every instance; with PostgreSQL several share one database, each on its own port.</summary>
    public IReadOnlyList<BotProcess> Bots { get; }

    public string LogPath => Path.Combine(Folder, "bot.log");

    /// <summary>Keep the data file and the bot's log for a look after a failed run.</summary>
    public bool KeepFiles { get; set; }

    /// <param name="postgres">A connection string: the instances share a fresh schema of that database; null: one instance on a LiteDB file.</param>
    public static async Task<ChaosWorld> CreateAsync(string name, string botDll, string repo, int instances = 1, string? postgres = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-chaos", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var slack = new FakeSlackServer { Token = Token };
        foreach (var (id, i) in Aes.Select((id, i) => (id, i)))
        {
            slack.AddUser(id, $"ae{i + 1}@example.com", $"Account Exec {i + 1}");
        }

        slack.AddUser("U0CASEY", "casey.csm@example.com", "Casey Lin");
        slack.AddUser("U0LEAD", "cs-lead@example.com", "Jordan Patel");
        slack.AddUser("U0SAM", "revops@example.com", "Sam Okafor");
        slack.AddUser(UnknownUser, "newbie@example.com", "Not In The Directory");
        await slack.StartAsync();
        var proxy = new StallProxy(new Uri(slack.BaseUrl).Port);
        proxy.Start();

        var playbook = await File.ReadAllTextAsync(Path.Combine(repo, "tests", "Defaults", "playbook.yaml"));
        playbook = playbook.Replace("    crmNames: [Enterprise, Strategic]\n", $"    crmNames: [Enterprise, Strategic]\n    csChannel: slack:{BriefChannel}\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "playbook.yaml"), playbook);
        await File.WriteAllTextAsync(Path.Combine(folder, "people.yaml"), ChaosData.People(Aes.Length));

        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Path"] = Path.Combine(folder, "handoffbot.db"),
            ["Playbook__Path"] = Path.Combine(folder, "playbook.yaml"),
            ["People__SeedPath"] = Path.Combine(folder, "people.yaml"),
            ["Intake__SigningSecret"] = IntakeSecret,
            ["Admin__ApiKey"] = AdminKey,
            ["Slack__SigningSecret"] = SlackSecret,
            ["Slack__BotToken"] = Token,
            ["Slack__ApiBaseUrl"] = $"http://127.0.0.1:{proxy.Port}/api/",
            ["Slack__RequestTimeoutSeconds"] = "3",
            ["Teams__Enabled"] = "false",
            ["Timing__WatchPlaybook"] = "false",
            // Quick recovery so a run fits in minutes: a killed run's jobs are picked up again after 10 s.
            ["Scheduler__LeaseSeconds"] = "10",
            ["Scheduler__PollSeconds"] = "1",
            ["Scheduler__RetryDelaySeconds"] = "2",
            ["Scheduler__MaxRetryDelaySeconds"] = "20",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (postgres is not null)
        {
            settings["Storage__Provider"] = "postgres";
            settings["Storage__ConnectionString"] = $"{postgres.TrimEnd(';')};Search Path=chaos_{Guid.NewGuid():N}";
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var bots = Enumerable.Range(1, instances)
            .Select(i => new BotProcess(botDll, settings, Path.Combine(folder, instances == 1 ? "bot.log" : $"bot{i}.log")))
            .ToList();
        return new ChaosWorld(folder, slack, proxy, bots);
    }

    /// <summary>A complete Enterprise deal, as the CRM sends it (signed), retried until the bot takes it.</summary>
    public async Task PostDealAsync(int i, CancellationToken ct)
    {
        var deal = ChaosData.Deal(i, Aes.Length);
        var body = Encoding.UTF8.GetBytes(deal.ToJsonString());
        await UntilTakenAsync(bot =>
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/deals")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-HandoffBot-Timestamp", ts);
            request.Headers.Add("X-HandoffBot-Signature", Sign(IntakeSecret, "v1", ts, body));
            return request;
        }, ct);
    }

    /// <summary>The AE presses "Send to CS" on a context request the bot posted in their DM (retried until acknowledged; same trigger, one effect).</summary>
    public async Task SubmitAsync(FakeMessage dm, CancellationToken ct)
    {
        var button = Elements(dm.Blocks).First(e => e["type"]?.GetValue<string>() == "button" && (e["action_id"]?.GetValue<string>() ?? "").StartsWith("context.submit", StringComparison.Ordinal));
        var user = "U" + dm.Channel[1..];
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["team_id"] = "T0FAKE" },
            ["team"] = new JsonObject { ["id"] = "T0FAKE" },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = dm.Ts, ["channel_id"] = dm.Channel },
            ["channel"] = new JsonObject { ["id"] = dm.Channel },
            ["trigger_id"] = "chaos." + dm.Ts,
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = button["action_id"]!.DeepClone(), ["type"] = "button", ["value"] = button["value"]?.DeepClone(), ["action_ts"] = dm.Ts }),
        };
        var body = Form(("payload", payload.ToJsonString()));
        await UntilTakenAsync(bot => SlackRequest(bot, "api/slack/interactions", body), ct);
    }

    /// <summary>A signed /handoff command (one try): the answer and how long it took, in real time.</summary>
    public async Task<(HttpStatusCode Status, string Body, TimeSpan Took)> CommandAsync(string user, string text, CancellationToken ct)
    {
        var body = Form(("command", "/handoff"), ("text", text), ("user_id", user), ("channel_id", "C0RANDOM"), ("team_id", "T0FAKE"),
            ("trigger_id", "chaos.cmd." + Guid.NewGuid().ToString("N")), ("response_url", $"http://127.0.0.1:{Proxy.Port}/hooks/commands/T0FAKE/1/chaos"));
        using var request = SlackRequest(Bot, "api/slack/commands", body);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await http.SendAsync(request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        return (response.StatusCode, answer, clock.Elapsed);
    }

    /// <summary>The job list from the first instance that answers (they share one database).</summary>
    public async Task<JsonArray> JobsAsync(string status, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var bot = Bots[attempt % Bots.Count];
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bot.BaseAddress, $"api/jobs?status={status}&limit=10000"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
                using var response = await http.SendAsync(request, ct);
                response.EnsureSuccessStatusCode();
                return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsArray();
            }
            catch (HttpRequestException) when (attempt < 3 * Bots.Count)
            {
                await Task.Delay(200, ct);
            }
        }
    }

    /// <summary>The posts Slack holds for the run's accounts, and every outbox key seen more than once.</summary>
    public (Dictionary<int, int> Dms, Dictionary<int, int> Briefs, List<string> DoubledKeys, int Unkeyed) Count(int deals)
    {
        var posted = Slack.Posted;
        int Find(FakeMessage m) => Enumerable.Range(1, deals).FirstOrDefault(i => Texts(m.Blocks).Any(t => t.Contains(ChaosData.AccountName(i), StringComparison.Ordinal)));
        var dms = Enumerable.Range(1, deals).ToDictionary(i => i, _ => 0);
        var briefs = Enumerable.Range(1, deals).ToDictionary(i => i, _ => 0);
        foreach (var m in posted.Where(m => Find(m) > 0))
        {
            var counts = m.Channel == BriefChannel ? briefs : dms;
            counts[Find(m)]++;
        }

        var keys = posted.Select(m => m.Metadata?["event_payload"]?["key"]?.GetValue<string>()).ToList();
        var doubled = keys.OfType<string>().GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return (dms, briefs, doubled, keys.Count(k => k is null));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in Bots)
        {
            await bot.DisposeAsync();
        }

        await Proxy.DisposeAsync();
        await Slack.DisposeAsync();
        http.Dispose();
        if (!KeepFiles)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    public static List<string> Texts(JsonNode? node)
    {
        var texts = new List<string>();
        foreach (var o in Elements(node))
        {
            if (o["text"] is JsonValue v && v.TryGetValue<string>(out var s))
            {
                texts.Add(s);
            }
        }

        return texts;
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    private static string Sign(string secret, string version, string timestamp, byte[] body)
    {
        var basis = Encoding.UTF8.GetBytes($"{version}:{timestamp}:");
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(secret));
        hmac.TransformBlock(basis, 0, basis.Length, null, 0);
        hmac.TransformFinalBlock(body, 0, body.Length);
        return version + "=" + Convert.ToHexStringLower(hmac.Hash!);
    }

    private static byte[] Form(params (string Key, string Value)[] fields) =>
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))));

    private static HttpRequestMessage SlackRequest(BotProcess bot, string path, byte[] body)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", Sign(SlackSecret, "v0", ts, body));
        return request;
    }

    /// <summary>
    /// Sends until a bot answers 2xx: it may be down (killed) or restarting; the request is idempotent.
    /// Like a load balancer, requests go round the instances, and a refused one goes to the next.
    /// </summary>
    private async Task UntilTakenAsync(Func<BotProcess, HttpRequestMessage> build, CancellationToken ct)
    {
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var bot = Bots[(int)((uint)Interlocked.Increment(ref next) % (uint)Bots.Count)];
            try
            {
                using var request = build(bot);
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                if ((int)response.StatusCode < 500)
                {
                    throw new InvalidOperationException($"{request.RequestUri!.AbsolutePath} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            }
            catch (HttpRequestException)
            {
                // Down (killed, or restarting): try again shortly.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Killed mid-request.
            }

            await Task.Delay(200, ct);
        }
    }
}
