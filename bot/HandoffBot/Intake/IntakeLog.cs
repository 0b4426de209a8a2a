namespace HandoffBot.Intake;

internal static partial class IntakeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Deal intake refused: no Intake:SigningSecret is configured, so every request is refused (set Intake__SigningSecret to enable the webhook)")]
    public static partial void NoSecret(ILogger logger);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Deal intake refused: signature check {Result} from {RemoteIp}")]
    public static partial void BadSignature(ILogger logger, string result, string? remoteIp);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Deal intake rejected: {ErrorCount} invalid field(s): {Fields}")]
    public static partial void Invalid(ILogger logger, int errorCount, string fields);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Deal {CrmId} taken in as handoff {HandoffId} (created: {Created}, stage {Stage}, completeness {Score})")]
    public static partial void Accepted(ILogger logger, string crmId, string handoffId, bool created, string stage, int score);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Deal {CrmId} (handoff {HandoffId}): {Count} note(s)/transcript(s) not added, over the limit of {Limit} characters per deal")]
    public static partial void SourcesRefused(ILogger logger, string crmId, string handoffId, int count, int limit);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Deal {CrmId} refused by the domain: {Code}")]
    public static partial void Refused(ILogger logger, string crmId, string code);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Deal intake refused: body larger than {MaxBytes} bytes")]
    public static partial void TooLarge(ILogger logger, int maxBytes);
}
