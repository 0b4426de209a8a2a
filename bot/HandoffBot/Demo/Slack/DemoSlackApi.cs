using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Slack;
using Microsoft.Extensions.Options;
using static HandoffBot.Demo.Slack.SlackWireJson;

namespace HandoffBot.Demo.Slack;

/// <summary>
/// The Slack Web API methods HandoffBot calls, answered the way Slack answers them (<c>{ok:true,…}</c>,
/// <c>ok:false</c> with Slack's error code), against the demo workspace. In the demo the bot's
/// <c>Slack__ApiBaseUrl</c> points here, so the bot's real Slack client makes real HTTP calls; only the
/// demo's bot token is accepted. Also the response_url hooks of commands and buttons.
/// </summary>
public static class DemoSlackApi
{
    public static void Map(RouteGroupBuilder demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        demo.MapPost("/slack/api/{method}", HandleAsync).DisableAntiforgery();
        demo.MapPost("/slack/hooks/{id}", HookAsync).DisableAntiforgery();
    }

    private static async Task<IResult> HandleAsync(string method, HttpContext http, DemoSlackWorkspace slack, IOptions<SlackOptions> options)
    {
        var args = await ReadArgsAsync(http.Request);
        var token = http.Request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
            ? auth[7..]
            : Arg(args, "token");
        if (string.IsNullOrEmpty(token))
        {
            return Answer(Error("not_authed"));
        }

        if (!string.Equals(token, options.Value.BotToken, StringComparison.Ordinal))
        {
            return Answer(Error("invalid_auth"));
        }

        return Answer(Run(method, args, slack));
    }

    private static JsonObject Run(string method, JsonObject args, DemoSlackWorkspace slack)
    {
        switch (method)
        {
            case "auth.test":
                return Ok(new JsonObject
                {
                    ["url"] = "https://handoffbot-demo.slack.invalid/", ["team"] = "HandoffBot demo", ["user"] = "handoffbot",
                    ["team_id"] = DemoSlackWorkspace.TeamId, ["user_id"] = DemoSlackWorkspace.BotUserId, ["bot_id"] = DemoSlackWorkspace.BotId, ["is_enterprise_install"] = false,
                });
            case "chat.postMessage":
            {
                if (slack.Resolve(Arg(args, "channel")) is not { } channel) return Error("channel_not_found");
                var blocks = Json(args["blocks"]) as JsonArray;
                if (Arg(args, "text") is null && blocks is null) return Error("no_text");
                var metadata = Json(args["metadata"]);
                if (metadata is not null and not JsonObject || (metadata is JsonObject m && (m["event_type"] is null || m["event_payload"] is not JsonObject)))
                {
                    return Error("invalid_metadata_format");
                }

                var thread = Arg(args, "thread_ts");
                if (thread is not null && slack.Find(channel, thread) is null) return Error("thread_not_found");
                var posted = slack.Post(channel, DemoSlackWorkspace.BotUserId, Arg(args, "text"), blocks, thread, (JsonObject?)metadata);
                return Ok(new JsonObject { ["channel"] = channel, ["ts"] = posted.Ts, ["message"] = Message(posted, true) });
            }

            case "chat.update":
            {
                if (slack.Resolve(Arg(args, "channel")) is not { } channel) return Error("channel_not_found");
                if (Arg(args, "ts") is not { } ts || slack.Update(channel, ts, Arg(args, "text"), Json(args["blocks"]) as JsonArray) is not { } updated) return Error("message_not_found");
                return Ok(new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = updated.Text ?? "", ["message"] = Message(updated, true) });
            }

            case "chat.postEphemeral":
            {
                if (slack.Resolve(Arg(args, "channel")) is not { } channel) return Error("channel_not_found");
                if (slack.User(Arg(args, "user")) is not { } user) return Error("user_not_in_channel");
                var posted = slack.Post(channel, DemoSlackWorkspace.BotUserId, Arg(args, "text"), Json(args["blocks"]) as JsonArray, Arg(args, "thread_ts"), ephemeralFor: user.Id);
                return Ok(new JsonObject { ["message_ts"] = posted.Ts });
            }

            case "chat.scheduleMessage":
            {
                if (slack.Resolve(Arg(args, "channel")) is not { } channel) return Error("channel_not_found");
                if (!long.TryParse(Arg(args, "post_at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var postAt)) return Error("invalid_time");
                var id = slack.Schedule(channel, postAt, Arg(args, "thread_ts"), Arg(args, "text"), Json(args["blocks"]) as JsonArray);
                return Ok(new JsonObject { ["channel"] = channel, ["scheduled_message_id"] = id, ["post_at"] = postAt });
            }

            case "chat.deleteScheduledMessage":
                return Arg(args, "scheduled_message_id") is { } sid && slack.Unschedule(sid) ? Ok([]) : Error("invalid_scheduled_message_id");
            case "conversations.open":
            {
                var users = Arg(args, "users") ?? Arg(args, "user");
                if (string.IsNullOrEmpty(users)) return Error("users_list_not_supplied");
                if (users.Contains(',', StringComparison.Ordinal)) return Error("not_enough_users");
                return slack.User(users) is { } user ? Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = DemoSlackWorkspace.DmOf(user.Id) } }) : Error("user_not_found");
            }

            case "conversations.history":
                return slack.Resolve(Arg(args, "channel")) is { } historyOf ? Page(slack.History(historyOf).Reverse(), args) : Error("channel_not_found");
            case "conversations.replies":
            {
                if (slack.Resolve(Arg(args, "channel")) is not { } channel) return Error("channel_not_found");
                if (Arg(args, "ts") is not { } parent || slack.Find(channel, parent) is null) return Error("thread_not_found");
                return Page(slack.History(channel, parent), args);
            }

            case "views.open" or "views.push":
            {
                if (Arg(args, "trigger_id") is not { } trigger) return Error("invalid_arguments");
                if (slack.TriggerUser(trigger) is not { } user) return Error("expired_trigger_id");
                if (Json(args["view"]) is not JsonObject view) return Error("invalid_arguments");
                return ViewAnswer(slack.OpenModal(user, view, push: method == "views.push"));
            }

            case "views.update":
            {
                if (Json(args["view"]) is not JsonObject view) return Error("invalid_arguments");
                return Arg(args, "view_id") is { } viewId && slack.UpdateView(viewId, view) is { } updated ? ViewAnswer(updated) : Error("not_found");
            }

            case "views.publish":
            {
                if (slack.User(Arg(args, "user_id")) is not { } user || Json(args["view"]) is not JsonObject view) return Error("invalid_arguments");
                return ViewAnswer(slack.PublishHome(user.Id, view));
            }

            case "users.lookupByEmail":
                return slack.UserByEmail(Arg(args, "email")) is { } byEmail ? Ok(new JsonObject { ["user"] = UserJson(byEmail) }) : Error("users_not_found");
            case "users.info":
                return slack.User(Arg(args, "user")) is { } byId ? Ok(new JsonObject { ["user"] = UserJson(byId) }) : Error("user_not_found");
            default:
                return Error("unknown_method");
        }
    }

    /// <summary>A response_url: the answer replaces the message clicked, or shows to the person only (ephemeral), as Slack does.</summary>
    private static async Task<IResult> HookAsync(string id, HttpContext http, DemoSlackWorkspace slack)
    {
        if (slack.ResponseUrl(id) is not { } target)
        {
            return Results.NotFound();
        }

        var body = await ReadArgsAsync(http.Request);
        var blocks = Json(body["blocks"]) as JsonArray;
        var text = Arg(body, "text");
        if (Arg(body, "delete_original") is "true" && target.MessageTs is { } deleted)
        {
            slack.Delete(target.Channel, deleted);
        }
        else if (Arg(body, "replace_original") is "true" && target.MessageTs is { } ts && slack.Find(target.Channel, ts) is { EphemeralFor: null })
        {
            slack.Update(target.Channel, ts, text, blocks);
        }
        else if (Arg(body, "response_type") == "in_channel")
        {
            slack.Post(target.Channel, DemoSlackWorkspace.BotUserId, text, blocks, null);
        }
        else
        {
            slack.Post(target.Channel, DemoSlackWorkspace.BotUserId, text, blocks, null, ephemeralFor: target.User);
        }

        return Results.Text("ok");
    }

    public static JsonObject UserJson(DemoSlackUser user) => new()
    {
        ["id"] = user.Id,
        ["team_id"] = DemoSlackWorkspace.TeamId,
        ["name"] = user.Email.Split('@')[0],
        ["real_name"] = user.Name,
        ["deleted"] = false,
        ["is_bot"] = false,
        ["tz"] = user.TimeZone,
        ["profile"] = new JsonObject { ["email"] = user.Email, ["real_name"] = user.Name, ["display_name"] = user.Name },
    };

    public static JsonObject Message(DemoSlackMessage m, bool byBot)
    {
        var json = new JsonObject { ["type"] = "message", ["user"] = m.User, ["text"] = m.Text ?? "", ["ts"] = m.Ts, ["team"] = DemoSlackWorkspace.TeamId };
        if (byBot)
        {
            json["bot_id"] = DemoSlackWorkspace.BotId;
            json["app_id"] = DemoSlackWorkspace.AppId;
        }

        if (m.Blocks is not null) json["blocks"] = m.Blocks.DeepClone();
        if (m.ThreadTs is not null) json["thread_ts"] = m.ThreadTs;
        return json;
    }

    private static JsonObject ViewAnswer(DemoSlackView view)
    {
        var json = (JsonObject)view.View.DeepClone();
        json["id"] = view.Id;
        json["team_id"] = DemoSlackWorkspace.TeamId;
        json["hash"] = view.Hash;
        json["app_id"] = DemoSlackWorkspace.AppId;
        json["bot_id"] = DemoSlackWorkspace.BotId;
        return Ok(new JsonObject { ["view"] = json });
    }

    /// <summary>A page of messages like conversations.history / .replies: oldest/latest bounds, limit, cursor, metadata on request.</summary>
    private static JsonObject Page(IEnumerable<DemoSlackMessage> messages, JsonObject args)
    {
        var oldest = decimal.TryParse(Arg(args, "oldest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var o) ? o : 0m;
        var latest = decimal.TryParse(Arg(args, "latest"), NumberStyles.Number, CultureInfo.InvariantCulture, out var l) ? l : decimal.MaxValue;
        var limit = int.TryParse(Arg(args, "limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? Math.Min(n, 999) : 100;
        var skip = int.TryParse(Arg(args, "cursor"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
        var withMetadata = Arg(args, "include_all_metadata") is "true" or "1";
        var inRange = messages.Where(m => decimal.Parse(m.Ts, CultureInfo.InvariantCulture) is var ts && ts > oldest && ts < latest).ToList();
        var page = inRange.Skip(skip).Take(limit).ToList();
        var list = new JsonArray();
        foreach (var m in page)
        {
            var json = Message(m, m.User == DemoSlackWorkspace.BotUserId);
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

    private static string? Arg(JsonObject args, string key) =>
        args[key] is JsonValue v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : null;

    /// <summary>Form-encoded clients send nested objects (blocks, view) as JSON strings.</summary>
    private static JsonNode? Json(JsonNode? node)
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

        return node?.DeepClone();
    }

    private static IResult Answer(JsonObject body) => Results.Text(body.ToJsonString(), "application/json; charset=utf-8");
}
