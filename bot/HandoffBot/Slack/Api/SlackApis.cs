using System.Globalization;
using System.Text.Json.Nodes;

namespace HandoffBot.Slack.Api;

/// <summary>A message Slack stored: its channel and timestamp (Slack's message id).</summary>
public sealed record PostedMessage(string Channel, string Ts);

public sealed record ScheduledMessage(string Id, string Channel, long PostAt);

public sealed record SlackUser(string Id, string? Email, string? TeamId, string? Name, bool IsBot, bool Deleted);

public sealed record AuthInfo(string UserId, string TeamId, string? BotId, string? Url);

/// <summary>A message to post; <paramref name="Metadata"/> is Slack message metadata (<c>{event_type, event_payload}</c>).</summary>
public sealed record SlackPost(string Channel, string Text, JsonObject? Blocks = null, string? ThreadTs = null, JsonObject? Metadata = null);

/// <summary>A message as conversations.history / .replies list it.</summary>
public sealed record SlackHistoryMessage(string Ts, string? ThreadTs, JsonObject? Metadata);

public sealed record SlackHistoryPage(IReadOnlyList<SlackHistoryMessage> Messages, string? NextCursor);

/// <summary>chat.* — messages are <c>{"blocks":[…]}</c> payloads rendered by the card renderer.</summary>
public interface IChatApi
{
    /// <summary>Waits for the channel's turn (<see cref="ChannelPacer"/>), then posts.</summary>
    Task<PostedMessage> PostMessageAsync(string channel, string text, JsonObject? blocks = null, string? threadTs = null, CancellationToken ct = default);

    /// <summary>Posts at once: the caller has waited for the channel's turn itself.</summary>
    Task<PostedMessage> PostMessageNowAsync(SlackPost post, CancellationToken ct = default);

    Task<PostedMessage> UpdateAsync(string channel, string ts, string text, JsonObject? blocks = null, CancellationToken ct = default);

    Task<string> PostEphemeralAsync(string channel, string user, string text, JsonObject? blocks = null, CancellationToken ct = default);

    Task<ScheduledMessage> ScheduleMessageAsync(string channel, DateTimeOffset postAt, string text, JsonObject? blocks = null, CancellationToken ct = default);

    Task DeleteScheduledMessageAsync(string channel, string scheduledMessageId, CancellationToken ct = default);
}

public interface IConversationsApi
{
    /// <summary>The DM channel with a user (opened if needed).</summary>
    Task<string> OpenAsync(string userId, CancellationToken ct = default);

    /// <summary>Top-level messages newer than <paramref name="oldestTs"/>, newest first, with their metadata.</summary>
    Task<SlackHistoryPage> HistoryAsync(string channel, string oldestTs, string? cursor, CancellationToken ct = default);

    /// <summary>A thread's messages newer than <paramref name="oldestTs"/>, with their metadata.</summary>
    Task<SlackHistoryPage> RepliesAsync(string channel, string threadTs, string oldestTs, string? cursor, CancellationToken ct = default);
}

public interface IViewsApi
{
    Task<string> OpenAsync(string triggerId, JsonObject view, CancellationToken ct = default);

    Task<string> UpdateAsync(string viewId, JsonObject view, CancellationToken ct = default);

    Task<string> PublishAsync(string userId, JsonObject view, CancellationToken ct = default);
}

public interface IUsersApi
{
    /// <summary>The user with this email, or null when Slack has none (<c>users_not_found</c>).</summary>
    Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken ct = default);

    Task<SlackUser?> InfoAsync(string userId, CancellationToken ct = default);
}

public interface IAuthApi
{
    Task<AuthInfo> TestAsync(CancellationToken ct = default);
}

/// <summary>The method families, each call a one-liner into <see cref="SlackApiClient.PostAsync"/>.</summary>
public sealed class SlackApis(SlackApiClient client, ChannelPacer pacer) : IChatApi, IConversationsApi, IViewsApi, IUsersApi, IAuthApi
{
    public async Task<PostedMessage> PostMessageAsync(string channel, string text, JsonObject? blocks = null, string? threadTs = null, CancellationToken ct = default)
    {
        await pacer.WaitTurnAsync(channel, ct);
        return await PostMessageNowAsync(new SlackPost(channel, text, blocks, threadTs), ct);
    }

    public async Task<PostedMessage> PostMessageNowAsync(SlackPost post, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(post);
        var args = Message(post.Channel, post.Text, post.Blocks);
        if (post.ThreadTs is not null) args["thread_ts"] = post.ThreadTs;
        if (post.Metadata is not null) args["metadata"] = post.Metadata.DeepClone();
        var answer = await client.PostAsync("chat.postMessage", args, ct);
        return new PostedMessage(Str(answer, "channel") ?? post.Channel, Str(answer, "ts") ?? throw new SlackApiException("chat.postMessage", "missing_ts"));
    }

    public async Task<PostedMessage> UpdateAsync(string channel, string ts, string text, JsonObject? blocks = null, CancellationToken ct = default)
    {
        var args = Message(channel, text, blocks);
        args["ts"] = ts;
        var answer = await client.PostAsync("chat.update", args, ct);
        return new PostedMessage(Str(answer, "channel") ?? channel, Str(answer, "ts") ?? ts);
    }

    public async Task<string> PostEphemeralAsync(string channel, string user, string text, JsonObject? blocks = null, CancellationToken ct = default)
    {
        await pacer.WaitTurnAsync(channel, ct);
        var args = Message(channel, text, blocks);
        args["user"] = user;
        return Str(await client.PostAsync("chat.postEphemeral", args, ct), "message_ts") ?? "";
    }

    public async Task<ScheduledMessage> ScheduleMessageAsync(string channel, DateTimeOffset postAt, string text, JsonObject? blocks = null, CancellationToken ct = default)
    {
        var args = Message(channel, text, blocks);
        args["post_at"] = postAt.ToUnixTimeSeconds();
        var answer = await client.PostAsync("chat.scheduleMessage", args, ct);
        return new ScheduledMessage(
            Str(answer, "scheduled_message_id") ?? throw new SlackApiException("chat.scheduleMessage", "missing_id"),
            Str(answer, "channel") ?? channel,
            answer["post_at"] is JsonValue v && v.TryGetValue<long>(out var at) ? at : postAt.ToUnixTimeSeconds());
    }

    public Task DeleteScheduledMessageAsync(string channel, string scheduledMessageId, CancellationToken ct = default) =>
        client.PostAsync("chat.deleteScheduledMessage", new JsonObject { ["channel"] = channel, ["scheduled_message_id"] = scheduledMessageId }, ct);

    async Task<string> IConversationsApi.OpenAsync(string userId, CancellationToken ct) =>
        Str((await client.PostAsync("conversations.open", new JsonObject { ["users"] = userId }, ct))["channel"], "id")
        ?? throw new SlackApiException("conversations.open", "missing_channel");

    public async Task<SlackHistoryPage> HistoryAsync(string channel, string oldestTs, string? cursor, CancellationToken ct = default) =>
        Page(await client.PostAsync("conversations.history", HistoryArgs(channel, oldestTs, cursor), ct));

    public async Task<SlackHistoryPage> RepliesAsync(string channel, string threadTs, string oldestTs, string? cursor, CancellationToken ct = default)
    {
        var args = HistoryArgs(channel, oldestTs, cursor);
        args["ts"] = threadTs;
        return Page(await client.PostAsync("conversations.replies", args, ct));
    }

    async Task<string> IViewsApi.OpenAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        ViewId(await client.PostAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() }, ct));

    async Task<string> IViewsApi.UpdateAsync(string viewId, JsonObject view, CancellationToken ct) =>
        ViewId(await client.PostAsync("views.update", new JsonObject { ["view_id"] = viewId, ["view"] = view.DeepClone() }, ct));

    public async Task<string> PublishAsync(string userId, JsonObject view, CancellationToken ct = default) =>
        ViewId(await client.PostAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view.DeepClone() }, ct));

    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken ct = default)
    {
        try
        {
            return User(await client.PostAsync("users.lookupByEmail", new JsonObject { ["email"] = email }, ct));
        }
        catch (SlackApiException ex) when (ex.Error == "users_not_found")
        {
            return null;
        }
    }

    public async Task<SlackUser?> InfoAsync(string userId, CancellationToken ct = default)
    {
        try
        {
            return User(await client.PostAsync("users.info", new JsonObject { ["user"] = userId }, ct));
        }
        catch (SlackApiException ex) when (ex.Error == "user_not_found")
        {
            return null;
        }
    }

    public async Task<AuthInfo> TestAsync(CancellationToken ct = default)
    {
        var answer = await client.PostAsync("auth.test", [], ct);
        return new AuthInfo(Str(answer, "user_id") ?? "", Str(answer, "team_id") ?? "", Str(answer, "bot_id"), Str(answer, "url"));
    }

    private static JsonObject Message(string channel, string text, JsonObject? blocks)
    {
        var args = new JsonObject { ["channel"] = channel, ["text"] = text };
        if (blocks?["blocks"] is JsonArray list)
        {
            args["blocks"] = list.DeepClone();
        }

        return args;
    }

    private static string ViewId(JsonObject answer) => Str(answer["view"], "id") ?? "";

    private static JsonObject HistoryArgs(string channel, string oldestTs, string? cursor)
    {
        var args = new JsonObject { ["channel"] = channel, ["oldest"] = oldestTs, ["limit"] = 200, ["include_all_metadata"] = true };
        if (!string.IsNullOrEmpty(cursor)) args["cursor"] = cursor;
        return args;
    }

    private static SlackHistoryPage Page(JsonObject answer)
    {
        var messages = (answer["messages"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(m => Str(m, "ts") is not null)
            .Select(m => new SlackHistoryMessage(Str(m, "ts")!, Str(m, "thread_ts"), m["metadata"] as JsonObject))
            .ToList();
        var next = Str(answer["response_metadata"], "next_cursor");
        return new SlackHistoryPage(messages, string.IsNullOrEmpty(next) ? null : next);
    }

    private static SlackUser? User(JsonObject answer)
    {
        if (answer["user"] is not JsonObject user || Str(user, "id") is not { } id)
        {
            return null;
        }

        return new SlackUser(
            id,
            Str(user["profile"], "email"),
            Str(user, "team_id"),
            Str(user["profile"], "real_name") ?? Str(user, "real_name") ?? Str(user, "name"),
            user["is_bot"] is JsonValue b && b.TryGetValue<bool>(out var isBot) && isBot,
            user["deleted"] is JsonValue d && d.TryGetValue<bool>(out var deleted) && deleted);
    }

    internal static string? Str(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : node is JsonObject o2 && o2[key] is JsonValue n && n.TryGetValue<long>(out var l) ? l.ToString(CultureInfo.InvariantCulture)
        : null;
}
