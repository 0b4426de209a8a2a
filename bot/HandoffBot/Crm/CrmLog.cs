namespace HandoffBot.Crm;

/// <summary>CRM intake log lines: ids, counts and field names only, never deal contents or secrets.</summary>
internal static partial class CrmLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "{Crm} intake refused: {Result} from {RemoteIp}")]
    public static partial void Refused(ILogger logger, string crm, string result, string? remoteIp);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "{Crm} intake refused: body larger than {MaxBytes} bytes")]
    public static partial void TooLarge(ILogger logger, string crm, int maxBytes);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "{Crm} intake refused: the body could not be read")]
    public static partial void Unreadable(ILogger logger, string crm);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Error, Message = "{Crm} intake: the request could not be stored; not acknowledged, so it is sent again")]
    public static partial void StoreFailed(ILogger logger, Exception ex, string crm);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Information, Message = "{Crm}: {Received} received, {Queued} queued, {Duplicates} duplicate(s), {Ignored} ignored")]
    public static partial void Queued(ILogger logger, string crm, int received, int queued, int duplicates, int ignored);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information, Message = "{Crm} deal {CrmId} skipped: {Reason}")]
    public static partial void Skipped(ILogger logger, string crm, string crmId, string reason);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information, Message = "{Crm} deal {CrmId} taken in as handoff {HandoffId} (created: {Created}; changed: {Changed})")]
    public static partial void TakenIn(ILogger logger, string crm, string crmId, string handoffId, bool created, string changed);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Warning, Message = "{Crm} deal {CrmId}: optional field(s) {Fields} left out because their CRM values are not valid")]
    public static partial void DroppedFields(ILogger logger, string crm, string crmId, string fields);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Warning, Message = "{Crm} API {Call}: HTTP {Status} (attempt {Attempt}); waiting {Wait}")]
    public static partial void Retrying(ILogger logger, string crm, string call, int status, int attempt, TimeSpan wait);

    [LoggerMessage(EventId = 7110, Level = LogLevel.Warning, Message = "Salesforce: the org has no field {Fields} named in the CRM mapping; read without it")]
    public static partial void MissingSalesforceFields(ILogger logger, string fields);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Information, Message = "CRM mapping: {Source}")]
    public static partial void MappingLoaded(ILogger logger, string source);
}
