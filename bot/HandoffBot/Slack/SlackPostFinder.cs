using System.Globalization;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Slack.Api;

namespace HandoffBot.Slack;

/// <summary>
/// Slack's side of the outbox: every outbox post carries its key's digest in message metadata
/// (<c>event_type: handoffbot_outbox</c>), so after an attempt was cut off mid-post the earlier copy
/// can be found (conversations.history, or .replies in a thread, with include_all_metadata, from
/// the first attempt's time) instead of posting again. Needs the history scopes of the channel kind
/// (channels:history, groups:history, im:history); without them the outbox policy decides.
/// </summary>
public sealed partial class SlackPostFinder(IConversationsApi conversations, ILogger<SlackPostFinder> logger)
{
    public const string EventType = "handoffbot_outbox";

    /// <summary>Our clock and Slack's may differ: the look-up starts this much before the first attempt.</summary>
    private static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(5);

    private const int MaxPages = 25;

    public static JsonObject Metadata(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JsonObject { ["event_type"] = EventType, ["event_payload"] = new JsonObject { ["key"] = message.Tag } };
    }

    public async Task<EarlierSend> FindAsync(string channel, string? threadTs, string tag, DateTimeOffset since, CancellationToken ct)
    {
        var oldest = (since - ClockMargin).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ".000000";
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            SlackHistoryPage found;
            try
            {
                found = threadTs is null
                    ? await conversations.HistoryAsync(channel, oldest, cursor, ct)
                    : await conversations.RepliesAsync(channel, threadTs, oldest, cursor, ct);
            }
            catch (SlackApiException ex) when (ex is not SlackUnavailableException and not SlackRateLimitedException)
            {
                // missing_scope, not_in_channel…: Slack will not tell; asking again will not change that.
                LogCannotLook(logger, ex.Error);
                return EarlierSend.CannotTell;
            }

            if (found.Messages.FirstOrDefault(m => IsOurs(m.Metadata, tag)) is { } hit)
            {
                return EarlierSend.Found(new MessageRef(ChatPlatform.Slack, channel, hit.Ts));
            }

            if (found.NextCursor is null)
            {
                return EarlierSend.NotFound;
            }

            cursor = found.NextCursor;
        }

        LogCannotLook(logger, "too_many_messages");
        return EarlierSend.CannotTell;
    }

    private static bool IsOurs(JsonObject? metadata, string tag) =>
        SlackApis.Str(metadata, "event_type") == EventType && SlackApis.Str(metadata?["event_payload"], "key") == tag;

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Slack would not list the messages to look for a post in doubt ({Error}): the outbox policy decides (Scheduler__ResendInDoubt); add the history scopes to the app")]
    private static partial void LogCannotLook(ILogger logger, string error);
}
