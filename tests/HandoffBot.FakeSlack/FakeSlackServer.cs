using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static HandoffBot.Demo.Slack.SlackWireJson;

namespace HandoffBot.FakeSlack;

/// <summary>One call the bot made: the method, its arguments (JSON body or form fields) and the token it carried.</summary>
public sealed record FakeSlackCall(string Method, JsonObject Args, string? Token, DateTimeOffset At);

/// <summary>A scripted failure for the next call of a method.</summary>
public sealed record FakeFailure(int Status = 200, string? Error = null, int? RetryAfterSeconds = null);

/// <summary>A message Slack stored (chat.postMessage): what conversations.history and .replies return.</summary>
public sealed record FakeMessage(string Channel, string Ts, string? ThreadTs, string? Text, JsonObject? Metadata, JsonNode? Blocks);

/// <summary>
/// A held call: Slack has the request and has not answered. <see cref="Release"/> lets it go on
/// (processed as usual, even when the client has given up: Slack does not know) or drops it.
/// </summary>
public sealed class FakeHold
{
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call of the held method has arrived.</summary>
    public Task Arrived => arrived.Task;

    /// <summary>Completes once the released call has been processed (or dropped).</summary>
    public Task Done => done.Task;

    internal Task<bool> Released => released.Task;

    internal void Finish() => done.TrySetResult();

    /// <summary><paramref name="process"/> false: the request is lost on the way (never processed).</summary>
    public void Release(bool process = true) => released.TrySetResult(process);

    internal void Arrive() => arrived.TrySetResult();
}

/// <summary>
/// Answers the Slack Web API methods HandoffBot uses the way Slack does (<c>{ok:true,…}</c>,
/// <c>ok:false</c> with an error code, 429 with <c>Retry-After</c>, 5xx), records every call, and
/// takes JSON or form-encoded bodies with the token in the Authorization header or the body.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeSlackCall> calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFailure>> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> usersById = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> scheduled = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeMessage> posted = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeHold>> holds = new(StringComparer.Ordinal);
    private readonly Lock tsGate = new();
    private WebApplication? app;
    private long sequence = 1_700_000_000_000;
    private long lastMicros;

    /// <summary>The token the bot must send; null accepts any token (but still requires one).</summary>
    public string? Token { get; init; }

    /// <summary>The clock calls are recorded with (a test's fake clock).</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    public string BaseUrl { get; private set; } = "";

    /// <summary>A response_url as Slack puts it in slash commands and interactions, answered by this fake.</summary>
    public string ResponseUrl(string id = "1") => BaseUrl[..^"api/".Length] + "hooks/commands/T0FAKE/" + id + "/x";

    public IReadOnlyList<FakeSlackCall> Calls => [.. calls];

    public IReadOnlyList<FakeSlackCall> CallsTo(string method) => [.. calls.Where(c => c.Method == method)];

    /// <summary>Every message chat.postMessage stored, in order: what people see (a call held and dropped is not here).</summary>
    public IReadOnlyList<FakeMessage> Posted => [.. posted];

    /// <summary>The next call of <paramref name="method"/> waits until the hold is released (queue several for several calls).</summary>
    public FakeHold Hold(string method)
    {
        var hold = new FakeHold();
        holds.GetOrAdd(method, _ => new ConcurrentQueue<FakeHold>()).Enqueue(hold);
        return hold;
    }

    /// <summary>Raised after each call is recorded (tests wait on it instead of sleeping).</summary>
    public event Action<FakeSlackCall>? Called;

    /// <summary>Raised when a call has arrived, before it is processed or answered (chaos runs cut the network or the bot there).</summary>
    public event Action<FakeSlackCall>? Received;

    public void AddUser(string id, string email, string name, string teamId = "T0FAKE") =>
        usersById[id] = new JsonObject
        {
            ["id"] = id,
            ["team_id"] = teamId,
            ["name"] = email.Split('@')[0],
            ["real_name"] = name,
            ["deleted"] = false,
            ["is_bot"] = false,
            ["profile"] = new JsonObject { ["email"] = email, ["real_name"] = name, ["display_name"] = name },
        };

    /// <summary>The next call of <paramref name="method"/> fails this way (queue several for several calls).</summary>
    public void Fail(string method, FakeFailure failure) =>
        failures.GetOrAdd(method, _ => new ConcurrentQueue<FakeFailure>()).Enqueue(failure);

    public void ClearCalls() => calls.Clear();

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        app = builder.Build();
        app.MapPost("/api/{method}", HandleAsync);
        // response_url: where a slash command's or an action's later answer goes (hooks.slack.com on the real Slack).
        app.MapPost("/hooks/{**rest}", async (HttpContext http) =>
        {
            var call = new FakeSlackCall("response_url", await ReadArgsAsync(http.Request), null, Clock());
            calls.Enqueue(call);
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("ok");
            Called?.Invoke(call);
        });
        // Scripting from outside the process (the CI check with the Node client): the next call of a method fails.
        app.MapPost("/_fake/fail", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body) as JsonObject ?? [];
            Fail(
                body["method"]?.GetValue<string>() ?? "",
                new FakeFailure(body["status"]?.GetValue<int>() ?? 200, body["error"]?.GetValue<string>(), body["retryAfter"]?.GetValue<int>()));
            return Results.Ok();
        });
        app.MapGet("/_fake/messages", () => Results.Json(new JsonArray([.. posted.Select(m => (JsonNode)new JsonObject
        {
            ["channel"] = m.Channel, ["ts"] = m.Ts, ["thread_ts"] = m.ThreadTs, ["text"] = m.Text, ["metadata"] = m.Metadata?.DeepClone(),
        })])));
        app.MapGet("/_fake/calls", () => Results.Json(new JsonArray([.. calls.Select(c => (JsonNode)new JsonObject { ["method"] = c.Method, ["args"] = c.Args.DeepClone() })])));
        await app.StartAsync();
        BaseUrl = app.Urls.First().TrimEnd('/') + "/api/";
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext http, string method)
    {
        var args = await ReadArgsAsync(http.Request);
        var token = http.Request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? auth[7..]
            : args["token"]?.GetValue<string>();
        args.Remove("token");
        FakeHold? hold = null;
        if (holds.TryGetValue(method, out var held) && held.TryDequeue(out hold))
        {
            hold.Arrive();
            if (!await hold.Released)
            {
                hold.Finish();
                http.Abort();
                return;
            }
        }

        var call = new FakeSlackCall(method, args, token, Clock());
        Received?.Invoke(call);
        calls.Enqueue(call);
        try
        {
            if (failures.TryGetValue(method, out var queue) && queue.TryDequeue(out var failure))
            {
                http.Response.StatusCode = failure.Status;
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                if (failure.Status >= 500)
                {
                    await http.Response.WriteAsync("upstream error");
                    return;
                }

                await WriteAsync(http, Error(failure.Error ?? (failure.Status == 429 ? "ratelimited" : "fatal_error")));
                return;
            }

            if (string.IsNullOrEmpty(token))
            {
                await WriteAsync(http, Error("not_authed"));
                return;
            }

            if (Token is not null && token != Token)
            {
                await WriteAsync(http, Error("invalid_auth"));
                return;
            }

            await WriteAsync(http, Answer(method, args));
        }
        finally
        {
            hold?.Finish();
            Called?.Invoke(call);
        }
    }

    private JsonObject Answer(string method, JsonObject args)
    {
        string? Arg(string key) => args[key] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
        switch (method)
        {
            case "api.test":
                return Ok(new JsonObject { ["args"] = args.DeepClone() });
            case "auth.test":
                return Ok(new JsonObject
                {
                    ["url"] = "https://fake-workspace.example/", ["team"] = "Fake Workspace", ["user"] = "handoffbot",
                    ["team_id"] = "T0FAKE", ["user_id"] = "U0BOT", ["bot_id"] = "B0BOT", ["is_enterprise_install"] = false,
                });
            case "chat.postMessage":
            {
                if (Arg("channel") is not { Length: > 0 } channel) return Error("channel_not_found");
                if (Arg("text") is null && Arg("blocks") is null && Arg("attachments") is null) return Error("no_text");
                var metadata = ParseIfString(args["metadata"]);
                if (metadata is not null and not JsonObject || (metadata is JsonObject m && (m["event_type"] is null || m["event_payload"] is not JsonObject)))
                {
                    return Error("invalid_metadata_format");
                }

                var ts = NextTs();
                messages[channel + "/" + ts] = Arg("text") ?? "";
                posted.Enqueue(new FakeMessage(channel, ts, Arg("thread_ts"), Arg("text"), (JsonObject?)metadata?.DeepClone(), ParseIfString(args["blocks"])?.DeepClone()));
                return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["message"] = Message(args, ts) });
            }
            case "chat.update":
            {
                var channel = Arg("channel");
                var ts = Arg("ts");
                if (channel is null) return Error("channel_not_found");
                if (ts is null || !messages.ContainsKey(channel + "/" + ts)) return Error("message_not_found");
                messages[channel + "/" + ts] = Arg("text") ?? "";
                return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = Arg("text") ?? "", ["message"] = Message(args, ts) });
            }
            case "chat.postEphemeral":
                if (Arg("channel") is null) return Error("channel_not_found");
                if (Arg("user") is null) return Error("user_not_in_channel");
                return Ok(new JsonObject { ["message_ts"] = NextTs() });
            case "chat.scheduleMessage":
            {
                if (Arg("channel") is not { } channel) return Error("channel_not_found");
                if (!long.TryParse(Arg("post_at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postAt)) return Error("invalid_time");
                if (postAt <= Clock().ToUnixTimeSeconds()) return Error("time_in_past");
                var id = "Q" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
                scheduled[id] = channel;
                return Ok(new JsonObject { ["channel"] = channel, ["scheduled_message_id"] = id, ["post_at"] = postAt, ["message"] = Message(args, null) });
            }
            case "chat.deleteScheduledMessage":
                return Arg("scheduled_message_id") is { } sid && scheduled.TryRemove(sid, out _) ? Ok([]) : Error("invalid_scheduled_message_id");
            case "conversations.history":
            {
                if (Arg("channel") is not { } channel) return Error("channel_not_found");
                var all = posted.Where(p => p.Channel == channel && (p.ThreadTs is null || p.ThreadTs == p.Ts)).Reverse();
                return Page(all, args);
            }
            case "conversations.replies":
            {
                if (Arg("channel") is not { } channel) return Error("channel_not_found");
                if (Arg("ts") is not { } parent) return Error("thread_not_found");
                var thread = posted.Where(p => p.Channel == channel && (p.Ts == parent || p.ThreadTs == parent)).ToList();
                return thread.Count == 0 && !messages.ContainsKey(channel + "/" + parent) ? Error("thread_not_found") : Page(thread, args);
            }
            case "conversations.open":
            {
                var users = Arg("users") ?? Arg("user");
                if (string.IsNullOrEmpty(users)) return Error("users_list_not_supplied");
                if (users.Contains(',', StringComparison.Ordinal)) return Error("not_enough_users");
                if (!usersById.ContainsKey(users)) return Error("user_not_found");
                return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + users.TrimStart('U', 'W') } });
            }
            case "views.open" or "views.push":
                if (Arg("trigger_id") is not { } trigger) return Error("invalid_arguments");
                if (trigger.Contains("expired", StringComparison.Ordinal)) return Error("expired_trigger_id");
                return View(args);
            case "views.update":
                return Arg("view_id") is null && Arg("external_id") is null ? Error("invalid_arguments") : View(args);
            case "views.publish":
                return Arg("user_id") is null ? Error("invalid_arguments") : View(args);
            case "users.lookupByEmail":
            {
                var email = Arg("email");
                var user = usersById.Values.FirstOrDefault(u => string.Equals(u["profile"]!["email"]!.GetValue<string>(), email, StringComparison.OrdinalIgnoreCase));
                return user is null ? Error("users_not_found") : Ok(new JsonObject { ["user"] = user.DeepClone() });
            }
            case "users.info":
                return Arg("user") is { } uid && usersById.TryGetValue(uid, out var found) ? Ok(new JsonObject { ["user"] = found.DeepClone() }) : Error("user_not_found");
            default:
                return Error("unknown_method");
        }
    }

    /// <summary>
    /// One page of messages as conversations.history / .replies answer: <c>oldest</c>/<c>latest</c>
    /// bounds (exclusive, as Slack's default), <c>limit</c>, an opaque <c>cursor</c>, and each
    /// message's <c>metadata</c> only when <c>include_all_metadata</c> is true.
    /// </summary>
    private static JsonObject Page(IEnumerable<FakeMessage> messages, JsonObject args)
    {
        string? Arg(string key) => args[key] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;
        var oldest = decimal.TryParse(Arg("oldest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var o) ? o : 0m;
        var latest = decimal.TryParse(Arg("latest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var l) ? l : decimal.MaxValue;
        var limit = int.TryParse(Arg("limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 999) : 100;
        var skip = int.TryParse(Arg("cursor"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var withMetadata = Arg("include_all_metadata") is "true" or "1";
        var inRange = messages.Where(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture) is var ts && ts > oldest && ts < latest).ToList();
        var page = inRange.Skip(skip).Take(limit).ToList();
        var list = new JsonArray();
        foreach (var m in page)
        {
            var json = new JsonObject { ["type"] = "message", ["user"] = "U0BOT", ["bot_id"] = "B0BOT", ["text"] = m.Text, ["ts"] = m.Ts };
            if (m.ThreadTs is not null) json["thread_ts"] = m.ThreadTs;
            if (withMetadata && m.Metadata is not null) json["metadata"] = m.Metadata.DeepClone();
            list.Add(json);
        }

        var more = skip + page.Count < inRange.Count;
        return Ok(new JsonObject
        {
            ["messages"] = list,
            ["has_more"] = more,
            ["response_metadata"] = new JsonObject { ["next_cursor"] = more ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : "" },
        });
    }

    private JsonObject View(JsonObject args)
    {
        var view = ParseIfString(args["view"]) as JsonObject ?? [];
        var result = (JsonObject)view.DeepClone();
        result["id"] = "V" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
        result["team_id"] = "T0FAKE";
        return Ok(new JsonObject { ["view"] = result });
    }

    private static JsonObject Message(JsonObject args, string? ts) => new()
    {
        ["type"] = "message",
        ["user"] = "U0BOT",
        ["bot_id"] = "B0BOT",
        ["text"] = args["text"]?.DeepClone(),
        ["blocks"] = ParseIfString(args["blocks"])?.DeepClone(),
        ["ts"] = ts,
    };

    /// <summary>Form-encoded clients send nested objects (blocks, view) as JSON strings.</summary>
    private static JsonNode? ParseIfString(JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return JsonNode.Parse(v.GetValue<string>());
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Slack's message ids are its clock: Unix seconds with six digits, unique and rising.</summary>
    private string NextTs()
    {
        long micros;
        lock (tsGate)
        {
            micros = Math.Max(lastMicros + 1, Clock().ToUnixTimeMilliseconds() * 1000);
            lastMicros = micros;
        }

        return (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static Task WriteAsync(HttpContext http, JsonObject body)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString());
    }
}
