using HandoffBot.Core.Storage;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;
using HandoffBot.Slack.Handlers;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

/// <summary>
/// The three URLs Slack calls. Each verifies the signature first, then either answers at once
/// (url_verification, slash commands, modal submissions and modal opening, which Slack needs in
/// the response or within the trigger's 3 s) or stores the request in the <see cref="IJobInbox"/>
/// and acknowledges; the job runner does the rest.
/// </summary>
public static class SlackEndpoints
{
    public const string EventJob = "slack.event";
    public const string ActionJob = "slack.action";

    /// <summary>Slack's ids are short; longer ones are not Slack's (and would not fit an index key).</summary>
    public const int MaxIdLength = 128;

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/slack").DisableAntiforgery();
        group.MapPost("/events", EventsAsync).WithName("SlackEvents");
        group.MapPost("/interactions", InteractionsAsync).WithName("SlackInteractions");
        group.MapPost("/commands", CommandsAsync).WithName("SlackCommands");
        return app;
    }

    private static async Task<IResult> EventsAsync(HttpContext http, IOptions<SlackOptions> options, TimeProvider time, IJobInbox inbox, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SlackEndpoints));
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(http, options.Value, time, logger);
        if (refusal is not null)
        {
            return refusal;
        }

        var envelope = SlackRequest.JsonObjectOf(body!);
        switch (envelope.Str("type"))
        {
            case null:
                return BadRequest(logger, "events", "the body is not a JSON object with a type");
            case "url_verification":
                return envelope.Str("challenge") is { Length: > 0 } challenge
                    ? Results.Json(new JsonObject { ["challenge"] = challenge })
                    : BadRequest(logger, "events", "url_verification without a challenge");
            case "event_callback":
                break;
            default:
                // app_rate_limited and the like: nothing to do but acknowledge.
                return Results.Ok();
        }

        var evt = envelope.Obj("event");
        if (evt is null || evt.Str("type") is null)
        {
            return BadRequest(logger, "events", "event_callback without an event.type");
        }

        if (evt.ContainsKey("bot_id") || evt.Str("subtype") == "bot_message")
        {
            // Our own messages (and other bots') come back as events: never act on them.
            return Results.Ok();
        }

        var eventId = EventKey(envelope!, evt);
        var job = ScheduledJob.Create(EventJob, null, time.GetUtcNow(), "slack:event:" + eventId, time.GetUtcNow(), System.Text.Encoding.UTF8.GetString(body!));
        return await StoreAsync(inbox, job, logger, "event", eventId, http);
    }

    private static async Task<IResult> InteractionsAsync(
        HttpContext http,
        IOptions<SlackOptions> options,
        TimeProvider time,
        IJobInbox inbox,
        ModalOpener modals,
        ViewSubmissionHandler submissions,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SlackEndpoints));
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(http, options.Value, time, logger);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = SlackRequest.Form(body!);
        var payload = form is not null && form.TryGetValue("payload", out var raw) ? SlackRequest.JsonObjectOf(raw) : null;
        if (payload?.Str("type") is not { } type)
        {
            return BadRequest(logger, "interactions", "the body is not payload=<JSON object with a type>");
        }

        switch (type)
        {
            case "block_actions":
                var action = (payload["actions"] as JsonArray)?.FirstOrDefault() as JsonObject;
                var actionId = SlackActionIds.Verb(action.Str("action_id"));
                if (actionId is null || payload.Obj("user").Str("id") is null)
                {
                    return BadRequest(logger, "interactions", "block_actions without an action_id or user");
                }

                if (actionId.StartsWith(ModalOpener.Prefix, StringComparison.Ordinal))
                {
                    // The trigger expires 3 s after the click: open the modal now.
                    await modals.OpenAsync(payload, action!, actionId, http.RequestAborted);
                    return Results.Ok();
                }

                if (!ActionVerbs.All.Contains(actionId))
                {
                    SlackLog.Unhandled(logger, "action", actionId);
                    return Results.Ok();
                }

                var key = payload.Str("trigger_id") ?? (payload.Obj("user").Str("id") + ":" + action.Str("action_ts"));
                if (key.Length > MaxIdLength)
                {
                    return BadRequest(logger, "interactions", "trigger_id too long");
                }

                var job = ScheduledJob.Create(ActionJob, null, time.GetUtcNow(), "slack:action:" + key, time.GetUtcNow(), payload.ToJsonString());
                return await StoreAsync(inbox, job, logger, "action", actionId, http);
            case "view_submission":
                return await submissions.HandleAsync(payload, http.RequestAborted);
            default:
                // view_closed, shortcuts, message actions: nothing wired to them.
                SlackLog.Unhandled(logger, "interaction", type);
                return Results.Ok();
        }
    }

    private static async Task<IResult> CommandsAsync(HttpContext http, IOptions<SlackOptions> options, TimeProvider time, SlashCommandHandler commands, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SlackEndpoints));
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(http, options.Value, time, logger);
        if (refusal is not null)
        {
            return refusal;
        }

        var form = SlackRequest.Form(body!);
        if (form is null || !form.TryGetValue("user_id", out var user) || user.Length == 0 || !form.ContainsKey("command"))
        {
            return BadRequest(logger, "commands", "the body is not a slash command form (command, user_id)");
        }

        return await commands.HandleAsync(form, http.RequestAborted);
    }

    /// <summary>
    /// What a redelivery of this event has in common with the first delivery: Slack's event_id; for a
    /// (signed) event without one — older deliveries, test tools — a digest of who, where, when and what.
    /// Slack counts any non-2xx as a failed delivery, so such an event is taken, not refused.
    /// </summary>
    internal static string EventKey(JsonObject envelope, JsonObject evt)
    {
        if (envelope.Str("event_id") is { Length: > 0 and <= MaxIdLength } eventId)
        {
            return eventId;
        }

        var when = evt.Str("event_ts") ?? evt.Str("ts");
        var seed = envelope.Str("event_id") is { Length: > 0 } longId
            ? "id\n" + longId
            : string.Join('\n', "event", envelope.Str("team_id"), evt.Str("type"), evt.Str("user"), evt.Str("channel"), when ?? evt.ToJsonString());
        return "h:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
    }

    private static async Task<IResult> StoreAsync(IJobInbox inbox, ScheduledJob job, ILogger logger, string kind, string id, HttpContext http)
    {
        try
        {
            await inbox.AcceptAsync(job, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // Not stored: do not acknowledge, so Slack retries (events) or the person sees it failed.
            SlackLog.Failed(logger, ex, kind);
            return Results.Problem(title: "Try again", detail: "The request could not be stored.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        SlackLog.Queued(logger, kind, id, http.Request.Headers[SlackRequest.RetryNumHeader]);
        return Results.Ok();
    }

    private static IResult BadRequest(ILogger logger, string endpoint, string problem)
    {
        SlackLog.BadRequest(logger, endpoint, problem);
        return Problems.BadRequest("Not a Slack request this endpoint understands: " + problem + ".");
    }
}

/// <summary>Button action ids: the verb, with an optional <c>:n</c> suffix that keeps repeated verbs unique.</summary>
public static class SlackActionIds
{
    public static string? Verb(string? actionId)
    {
        if (string.IsNullOrEmpty(actionId))
        {
            return null;
        }

        var colon = actionId.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? actionId : actionId[..colon];
    }

    /// <summary>A button's or modal's <c>"handoffId|item"</c>.</summary>
    public static (string HandoffId, string? Item) Target(string? value)
    {
        var text = value ?? "";
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (text, null) : (text[..bar], bar + 1 < text.Length ? text[(bar + 1)..] : null);
    }
}
