using HandoffBot.Core.Crm;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Crm.Salesforce;

/// <summary>
/// One Outbound Message notification, worked from the durable job table: read the Opportunity
/// graph and take it in when Salesforce says it is won. A CRM that is down or over its API limit
/// fails the attempt, and the job runner tries again later (visible in /api/jobs).
/// </summary>
public sealed class SalesforceOpportunityJob(OpportunityReader reader, CrmMappingProvider mappings, CrmIntake intake, CrmRetry retry, ILogger<SalesforceOpportunityJob> logger) : IJobHandler
{
    public const string Kind = "crm.salesforce.opportunity";

    /// <param name="Since">When the notification first arrived (set on continuation jobs; otherwise the job's creation).</param>
    public sealed record Payload(string OrganizationId, string NotificationId, string OpportunityId, DateTimeOffset? Since = null);

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public Task RunAsync(ScheduledJob job, CancellationToken ct) =>
        retry.RunAsync<Payload>(job, "a Salesforce Opportunity notification", p => SalesforceId.Normalize(p.OpportunityId) is not null, p => p.Since, (p, since) => p with { Since = since }, TakeInAsync, ct);

    private async Task TakeInAsync(Payload payload, CancellationToken ct)
    {
        var mapping = mappings.Current.Salesforce;
        var opportunity = await reader.ReadAsync(payload.OpportunityId, mapping, ct);
        if (opportunity is null)
        {
            CrmLog.Skipped(logger, "Salesforce", payload.OpportunityId, "the opportunity no longer exists (or the Run As user cannot see it)");
            return;
        }

        if (!opportunity.Won)
        {
            CrmLog.Skipped(logger, "Salesforce", payload.OpportunityId, "not won (IsWon is false)");
            return;
        }

        var (json, sourceOf) = CrmDealMapper.Map(opportunity.Record, mapping);
        await intake.TakeInAsync("Salesforce", json, sourceOf, ct);
    }
}
