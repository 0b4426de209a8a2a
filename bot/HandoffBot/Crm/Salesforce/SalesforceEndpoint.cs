using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HandoffBot.Core.Crm;
using HandoffBot.Core.Scheduling;
using HandoffBot.Security;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm.Salesforce;

/// <summary>
/// POST /api/crm/salesforce. Reads the Outbound Message safely, checks it comes from the configured
/// org, stores one durable job per Opportunity notification (all in one transaction; a notification
/// id seen before is skipped), and only then answers the Ack. Anything else is a SOAP fault, and
/// Salesforce keeps the message and sends it again.
/// </summary>
public static class SalesforceEndpoint
{
    public const string Path = "/api/crm/salesforce";

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<SalesforceOptions> options,
        IJobStore jobs,
        IJobSignal signal,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SalesforceEndpoint));
        var settings = options.Value;
        if (!settings.Receives)
        {
            CrmLog.Refused(logger, "Salesforce", "NoOrganizationConfigured", http.Connection.RemoteIpAddress?.ToString());
            return SoapResponses.Fault(StatusCodes.Status401Unauthorized, "Salesforce intake is not configured on this server (no Salesforce__OrganizationId), so it refuses every message.");
        }

        if (!string.IsNullOrEmpty(settings.EndpointToken)
            && !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(http.Request.Query["token"].ToString()), Encoding.UTF8.GetBytes(settings.EndpointToken)))
        {
            CrmLog.Refused(logger, "Salesforce", "EndpointTokenMismatch", http.Connection.RemoteIpAddress?.ToString());
            return SoapResponses.Fault(StatusCodes.Status401Unauthorized, "The endpoint URL's token is missing or wrong (Salesforce__EndpointToken).");
        }

        var body = await BodyReader.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            CrmLog.TooLarge(logger, "Salesforce", settings.MaxBodyBytes);
            return SoapResponses.Fault(StatusCodes.Status413PayloadTooLarge, $"The message is larger than {settings.MaxBodyBytes} bytes.");
        }

        var (message, problem) = OutboundMessageParser.Parse(body);
        if (message is null)
        {
            CrmLog.Unreadable(logger, "Salesforce");
            return SoapResponses.Fault(StatusCodes.Status400BadRequest, problem!);
        }

        if (!SalesforceId.SameOrganization(message.OrganizationId, settings.OrganizationId))
        {
            CrmLog.Refused(logger, "Salesforce", "OrganizationMismatch", http.Connection.RemoteIpAddress?.ToString());
            return SoapResponses.Fault(StatusCodes.Status401Unauthorized, "The message is not from the organization this server is configured for (Salesforce__OrganizationId).");
        }

        var org = SalesforceId.Normalize(message.OrganizationId)!;
        var now = time.GetUtcNow();
        var wanted = message.Notifications.Where(Wanted).ToList();
        var problemIndex = wanted.FindIndex(n => n.RecordId is null);
        if (problemIndex >= 0)
        {
            return SoapResponses.Fault(StatusCodes.Status400BadRequest, $"An Opportunity notification has no sObject Id (add Id to the Outbound Message's fields).");
        }

        var newJobs = wanted
            .Select(n => ScheduledJob.Create(
                SalesforceOpportunityJob.Kind,
                null,
                now,
                $"salesforce:notification:{org}:{n.NotificationId}",
                now,
                JsonSerializer.Serialize(new SalesforceOpportunityJob.Payload(org, n.NotificationId, n.RecordId!), CrmJson.Options)))
            .ToList();
        int added;
        try
        {
            added = await jobs.EnqueueAsync(newJobs, http.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            CrmLog.StoreFailed(logger, ex, "Salesforce");
            return SoapResponses.Fault(StatusCodes.Status503ServiceUnavailable, "The notifications could not be stored; send them again.", client: false);
        }

        if (added > 0)
        {
            signal.Wake();
        }

        var ignored = message.Notifications.Count - wanted.Count;
        CrmLog.Queued(logger, "Salesforce", message.Notifications.Count, added, newJobs.Count - added, ignored);
        return SoapResponses.Ack();
    }

    /// <summary>Opportunities only (by xsi:type, or the 006 key prefix when a proxy dropped the type); one the message itself says is not won is acknowledged and left (the Flow should not send it).</summary>
    private static bool Wanted(OutboundNotification n) =>
        (string.Equals(n.ObjectType, "Opportunity", StringComparison.Ordinal)
            || (n.ObjectType.Length == 0 && n.RecordId?.StartsWith("006", StringComparison.Ordinal) == true))
        && !string.Equals(n.Fields.GetValueOrDefault("IsWon")?.Trim(), "false", StringComparison.OrdinalIgnoreCase);
}
