using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.People;

namespace HandoffBot.Demo.Slack;

/// <summary>
/// The local Slack page (<c>/demo/slack</c>): what the bot posted to the demo workspace, drawn close to
/// Slack's look by cards/tools/blockkit.js, as the person chosen at the top sees it (their DM with the
/// bot, the CS channel, App Home, their modals). What they click or type there goes to
/// <see cref="DemoSlackRelay"/>, which sends the bot what Slack would.
/// </summary>
public static class DemoSlackPage
{
    public static void Map(RouteGroupBuilder demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        demo.MapGet("/slack", () => Asset("demo/slack.html", "text/html; charset=utf-8"));
        demo.MapGet("/slack/page.js", () => Asset("demo/slack.js", "text/javascript; charset=utf-8"));
        demo.MapGet("/slack/blockkit.js", () => Asset("demo/blockkit.js", "text/javascript; charset=utf-8"));
        demo.MapGet("/slack/state", StateAsync);
        demo.MapPost("/slack/click", ClickAsync).DisableAntiforgery();
        demo.MapPost("/slack/submit", SubmitAsync).DisableAntiforgery();
        demo.MapPost("/slack/close", Close).DisableAntiforgery();
        demo.MapPost("/slack/say", SayAsync).DisableAntiforgery();
        demo.MapPost("/slack/home", HomeAsync).DisableAntiforgery();
    }

    private static IResult Asset(string name, string type)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        if (stream is null)
        {
            return Results.NotFound();
        }

        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), type);
    }

    /// <summary>What <paramref name="user"/> sees; with <paramref name="since"/>, waits (up to 20 s) until something changed after that version.</summary>
    private static async Task<IResult> StateAsync(string? user, long? since, DemoSlackWorkspace slack, DemoGate gate, IPeopleDirectory directory, CancellationToken ct)
    {
        if (since is { } version)
        {
            try
            {
                await slack.ChangedAfterAsync(version).WaitAsync(TimeSpan.FromSeconds(20), ct);
            }
            catch (TimeoutException)
            {
                // nothing new: answer with the same state, the page asks again
            }
        }

        var users = slack.Users;
        var me = users.FirstOrDefault(u => u.Id == user) ?? users.FirstOrDefault(u => u.Email == "avery.ae@example.com") ?? users.FirstOrDefault();
        var people = new JsonArray();
        foreach (var u in users)
        {
            var person = await directory.FindAsync(u.Email, ct);
            people.Add(new JsonObject
            {
                ["id"] = u.Id, ["name"] = u.Name, ["email"] = u.Email, ["timeZone"] = u.TimeZone ?? "UTC",
                ["role"] = person is null ? "" : DemoPeople.RoleOf(person), ["onSlack"] = person?.Platform == Core.Handoffs.ChatPlatform.Slack,
            });
        }

        var state = new JsonObject
        {
            ["version"] = slack.Version,
            ["platform"] = gate.Options.Platform.ToString(),
            ["users"] = people,
            ["me"] = me?.Id,
            ["channel"] = new JsonObject { ["id"] = DemoSettings.SlackChannel, ["name"] = DemoSlackWorkspace.ChannelName },
        };
        if (me is null)
        {
            return Results.Json(state);
        }

        state["dm"] = DemoSlackWorkspace.DmOf(me.Id);
        var messages = new JsonArray();
        foreach (var m in slack.VisibleTo(me.Id))
        {
            var json = DemoSlackApi.Message(m, m.User == DemoSlackWorkspace.BotUserId);
            json["channel"] = m.Channel;
            json["author"] = m.User == DemoSlackWorkspace.BotUserId ? "HandoffBot" : slack.User(m.User)?.Name ?? m.User;
            json["ephemeral"] = m.EphemeralFor is not null;
            json["edited"] = m.Edited;
            messages.Add(json);
        }

        state["messages"] = messages;
        state["scheduled"] = new JsonArray([.. slack.Scheduled().Where(s => s.Channel == DemoSettings.SlackChannel || s.Channel == DemoSlackWorkspace.DmOf(me.Id))
            .Select(s => (JsonNode)new JsonObject { ["channel"] = s.Channel, ["postAt"] = s.PostAt, ["text"] = s.Text })]);
        state["modal"] = slack.Modal(me.Id) is { } modal ? ViewJson(modal) : null;
        state["home"] = slack.Home(me.Id) is { } home ? ViewJson(home) : null;
        return Results.Json(state);
    }

    /// <summary>A button pressed or an option chosen, in a message or in App Home: block_actions, as Slack sends it.</summary>
    private static async Task<IResult> ClickAsync(HttpContext http, DemoSlackWorkspace slack, DemoSlackRelay relay, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject ?? [];
        if (slack.User(Str(body, "user")) is not { } user)
        {
            return Results.BadRequest(new { error = "unknown user" });
        }

        var action = body["action"] as JsonObject ?? [];
        action["action_ts"] = Ts(time);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = DemoSlackRelay.UserRef(user),
            ["api_app_id"] = DemoSlackWorkspace.AppId,
            ["token"] = "demo-verification-token",
            ["trigger_id"] = slack.NewTrigger(user.Id),
            ["team"] = DemoSlackRelay.TeamRef(),
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["state"] = new JsonObject { ["values"] = body["values"]?.DeepClone() ?? new JsonObject() },
            ["actions"] = new JsonArray(action.DeepClone()),
        };
        if (Str(body, "viewId") is { } viewId && slack.View(viewId) is { } view)
        {
            payload["container"] = new JsonObject { ["type"] = "view", ["view_id"] = view.Id };
            payload["view"] = ViewPayload(view, body["values"]);
        }
        else if (Str(body, "channel") is { } channel && Str(body, "ts") is { } ts && slack.Find(channel, ts) is { } message)
        {
            payload["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = ts, ["channel_id"] = channel, ["is_ephemeral"] = message.EphemeralFor is not null };
            payload["channel"] = new JsonObject { ["id"] = channel, ["name"] = DemoSlackWorkspace.IsDm(channel) ? "directmessage" : DemoSlackWorkspace.ChannelName };
            payload["message"] = DemoSlackApi.Message(message, message.User == DemoSlackWorkspace.BotUserId);
            payload["response_url"] = relay.ResponseUrl(user.Id, channel, ts);
        }
        else
        {
            return Results.BadRequest(new { error = "that message or view is gone" });
        }

        return Relayed(await relay.InteractionAsync(payload, ct));
    }

    /// <summary>A modal's Submit: view_submission with the values typed. The bot answers errors (shown in the modal), an update, or closes it.</summary>
    private static async Task<IResult> SubmitAsync(HttpContext http, DemoSlackWorkspace slack, DemoSlackRelay relay, CancellationToken ct)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject ?? [];
        if (slack.User(Str(body, "user")) is not { } user || Str(body, "viewId") is not { } viewId || slack.View(viewId) is not { } view || view.UserId != user.Id)
        {
            return Results.BadRequest(new { error = "that modal is not open" });
        }

        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = DemoSlackRelay.TeamRef(),
            ["user"] = DemoSlackRelay.UserRef(user),
            ["api_app_id"] = DemoSlackWorkspace.AppId,
            ["token"] = "demo-verification-token",
            ["trigger_id"] = slack.NewTrigger(user.Id),
            ["view"] = ViewPayload(view, body["values"]),
            ["response_urls"] = new JsonArray(),
            ["is_enterprise_install"] = false,
            ["enterprise"] = null,
        };
        var answer = await relay.InteractionAsync(payload, ct);
        if (answer.Status is >= 200 and < 300)
        {
            var response = string.IsNullOrWhiteSpace(answer.Body) ? null : JsonNode.Parse(answer.Body) as JsonObject;
            switch (Str(response, "response_action"))
            {
                case "errors":
                    return Results.Json(new JsonObject { ["status"] = answer.Status, ["errors"] = response!["errors"]?.DeepClone() ?? new JsonObject() });
                case "update" when response!["view"] is JsonObject updated:
                    slack.UpdateView(view.Id, updated);
                    break;
                case "push" when response!["view"] is JsonObject pushed:
                    slack.OpenModal(user.Id, pushed, push: true);
                    break;
                case "clear":
                    slack.CloseModal(user.Id, all: true);
                    break;
                default:
                    slack.CloseModal(user.Id);
                    break;
            }
        }

        return Results.Json(new JsonObject { ["status"] = answer.Status, ["body"] = answer.Body.Length > 2000 ? answer.Body[..2000] : answer.Body });
    }

    private static IResult Close(string? user, DemoSlackWorkspace slack)
    {
        if (slack.User(user) is { } who)
        {
            slack.CloseModal(who.Id);
        }

        return Results.Ok();
    }

    /// <summary>
    /// Something typed: <c>/handoff …</c> is the slash command (its answer shows to the person only); in the
    /// DM a message event; in the channel a message that @mentions HandoffBot is an app_mention.
    /// </summary>
    private static async Task<IResult> SayAsync(HttpContext http, DemoSlackWorkspace slack, DemoSlackRelay relay, TimeProvider time, CancellationToken ct)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject ?? [];
        var text = (Str(body, "text") ?? "").Trim();
        if (slack.User(Str(body, "user")) is not { } user || slack.Resolve(Str(body, "channel")) is not { } channel || text.Length == 0)
        {
            return Results.BadRequest(new { error = "say what, where, as whom?" });
        }

        if (text.StartsWith('/'))
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var command = space < 0 ? text : text[..space];
            var form = new Dictionary<string, string>
            {
                ["token"] = "demo-verification-token",
                ["team_id"] = DemoSlackWorkspace.TeamId,
                ["team_domain"] = "handoffbot-demo",
                ["channel_id"] = channel,
                ["channel_name"] = DemoSlackWorkspace.IsDm(channel) ? "directmessage" : DemoSlackWorkspace.ChannelName,
                ["user_id"] = user.Id,
                ["user_name"] = user.Email.Split('@')[0],
                ["command"] = command,
                ["text"] = space < 0 ? "" : text[(space + 1)..].Trim(),
                ["api_app_id"] = DemoSlackWorkspace.AppId,
                ["is_enterprise_install"] = "false",
                ["response_url"] = relay.ResponseUrl(user.Id, channel, null),
                ["trigger_id"] = slack.NewTrigger(user.Id),
            };
            var answer = await relay.CommandAsync(form, ct);
            if (answer.Status is >= 200 and < 300 && !string.IsNullOrWhiteSpace(answer.Body) && JsonNode.Parse(answer.Body) is JsonObject reply)
            {
                var inChannel = Str(reply, "response_type") == "in_channel";
                slack.Post(channel, DemoSlackWorkspace.BotUserId, Str(reply, "text"), reply["blocks"]?.DeepClone() as JsonArray, null, ephemeralFor: inChannel ? null : user.Id);
            }
            else if (answer.Status is < 200 or >= 300)
            {
                slack.Post(channel, DemoSlackWorkspace.BotUserId, $"{command} failed with the error \"http_{answer.Status}\"", null, null, ephemeralFor: user.Id);
            }

            return Results.Json(new JsonObject { ["status"] = answer.Status });
        }

        var posted = slack.Post(channel, user.Id, text, null, Str(body, "threadTs"));
        var dm = DemoSlackWorkspace.IsDm(channel);
        var mentioned = text.Contains("<@" + DemoSlackWorkspace.BotUserId + ">", StringComparison.Ordinal) || text.Contains("@HandoffBot", StringComparison.OrdinalIgnoreCase);
        if (!dm && !mentioned)
        {
            return Results.Json(new JsonObject { ["status"] = 200 }); // the bot does not read the channel
        }

        var evt = new JsonObject
        {
            ["type"] = dm ? "message" : "app_mention",
            ["user"] = user.Id,
            ["text"] = dm ? text : text.Replace("@HandoffBot", "<@" + DemoSlackWorkspace.BotUserId + ">", StringComparison.OrdinalIgnoreCase),
            ["ts"] = posted.Ts,
            ["channel"] = channel,
            ["event_ts"] = posted.Ts,
            ["team"] = DemoSlackWorkspace.TeamId,
        };
        if (dm)
        {
            evt["channel_type"] = "im";
        }

        var sent = await relay.EventAsync(evt, ct);
        return Results.Json(new JsonObject { ["status"] = sent.Status });
    }

    /// <summary>The Home tab opened: app_home_opened, and the bot publishes the view.</summary>
    private static async Task<IResult> HomeAsync(string? user, DemoSlackWorkspace slack, DemoSlackRelay relay, TimeProvider time, CancellationToken ct)
    {
        if (slack.User(user) is not { } who)
        {
            return Results.BadRequest(new { error = "unknown user" });
        }

        var answer = await relay.EventAsync(new JsonObject
        {
            ["type"] = "app_home_opened", ["user"] = who.Id, ["channel"] = DemoSlackWorkspace.DmOf(who.Id), ["tab"] = "home", ["event_ts"] = Ts(time),
        }, ct);
        return Results.Json(new JsonObject { ["status"] = answer.Status });
    }

    private static IResult Relayed(DemoSlackRelay.Answer answer) =>
        Results.Json(new JsonObject { ["status"] = answer.Status, ["body"] = answer.Body.Length > 2000 ? answer.Body[..2000] : answer.Body });

    private static JsonObject ViewJson(DemoSlackView view)
    {
        var json = (JsonObject)view.View.DeepClone();
        json["id"] = view.Id;
        return json;
    }

    /// <summary>The view as Slack puts it in a payload: the view the bot opened, with its id, hash and the state typed.</summary>
    private static JsonObject ViewPayload(DemoSlackView view, JsonNode? values)
    {
        var json = (JsonObject)view.View.DeepClone();
        json["id"] = view.Id;
        json["team_id"] = DemoSlackWorkspace.TeamId;
        json["hash"] = view.Hash;
        json["state"] = new JsonObject { ["values"] = values?.DeepClone() ?? new JsonObject() };
        json["previous_view_id"] = null;
        json["root_view_id"] = view.Id;
        json["app_id"] = DemoSlackWorkspace.AppId;
        json["app_installed_team_id"] = DemoSlackWorkspace.TeamId;
        json["bot_id"] = DemoSlackWorkspace.BotId;
        json["private_metadata"] ??= "";
        json["callback_id"] ??= "";
        return json;
    }

    private static string Ts(TimeProvider time)
    {
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        return (ms / 1000).ToString(CultureInfo.InvariantCulture) + "." + (ms % 1000 * 1000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static string? Str(JsonObject? o, string key) =>
        o?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
