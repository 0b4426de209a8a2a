namespace HandoffBot.Slack;

/// <summary>Slack adapter log lines: ids and codes only, never message text or form values.</summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Slack request refused: no Slack:SigningSecret is configured, so every request is refused (set Slack__SigningSecret)")]
    public static partial void NoSecret(ILogger logger);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Slack request refused: signature check {Result} from {RemoteIp}")]
    public static partial void BadSignature(ILogger logger, string result, string? remoteIp);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Slack request not understood on {Endpoint}: {Problem}")]
    public static partial void BadRequest(ILogger logger, string endpoint, string problem);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Debug, Message = "Slack {Kind} {Id} queued (retry {RetryNum})")]
    public static partial void Queued(ILogger logger, string kind, string id, string? retryNum);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Slack {Kind} '{Name}' has no handler; acknowledged and ignored")]
    public static partial void Unhandled(ILogger logger, string kind, string name);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Slack user {UserId} is not in the people directory")]
    public static partial void UnknownUser(ILogger logger, string userId);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Slack action {Verb} on {HandoffId} by {UserId}: {Status}")]
    public static partial void ActionDone(ILogger logger, string verb, string handoffId, string userId, string status);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Slack {Kind} handling failed")]
    public static partial void Failed(ILogger logger, Exception exception, string kind);
}
