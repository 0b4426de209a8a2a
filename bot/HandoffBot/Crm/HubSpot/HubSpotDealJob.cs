using HandoffBot.Core.Crm;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Crm.HubSpot;

/// <summary>
/// One deal event, worked from the durable job table: read the deal through the CRM API, and take
/// it in when HubSpot counts it as won. Every event reads the deal as it is now, so events that
/// arrive late, twice or out of order end in the same handoff. A CRM that is down or rate-limits
/// fails the attempt, and the job runner tries again later (visible in /api/jobs).
/// </summary>
public sealed class HubSpotDealJob(HubSpotDealReader reader, HubSpotPipelines pipelines, CrmMappingProvider mappings, CrmIntake intake, CrmRetry retry, ILogger<HubSpotDealJob> logger) : IJobHandler
{
    public const string Kind = "crm.hubspot.deal";

    /// <param name="Since">When the event first arrived (set on continuation jobs; otherwise the job's creation).</param>
    public sealed record Payload(string? PortalId, string DealId, string? StageId, long? OccurredAt, string Origin, DateTimeOffset? Since = null);

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public Task RunAsync(ScheduledJob job, CancellationToken ct) =>
        retry.RunAsync<Payload>(job, "a HubSpot deal event", p => !string.IsNullOrEmpty(p.DealId), p => p.Since, (p, since) => p with { Since = since }, TakeInAsync, ct);

    /// <summary>Only a shortcut: when the pipelines cannot be read, the deal itself is read and decides.</summary>
    private async Task<bool> KnownNotWonAsync(string stage, CancellationToken ct)
    {
        try
        {
            return (await pipelines.StagesAsync(ct)).TryGetValue(stage, out var won) && !won;
        }
        catch (CrmApiException)
        {
            return false;
        }
    }

    private async Task TakeInAsync(Payload payload, CancellationToken ct)
    {
        var mapping = mappings.Current.HubSpot;
        // A stage HubSpot says is not won (most stage changes) needs no read of the deal.
        if (payload.StageId is { } stage && !mapping.WonStages.Contains(stage, StringComparer.Ordinal)
            && await KnownNotWonAsync(stage, ct))
        {
            CrmLog.Skipped(logger, "HubSpot", payload.DealId, "moved to a stage that is not won");
            return;
        }

        var deal = await reader.ReadAsync(payload.DealId, payload.PortalId, mapping, ct);
        if (deal is null)
        {
            CrmLog.Skipped(logger, "HubSpot", payload.DealId, "the deal no longer exists");
            return;
        }

        if (!deal.Won)
        {
            CrmLog.Skipped(logger, "HubSpot", payload.DealId, "not won");
            return;
        }

        if (mapping.Pipelines.Count > 0 && (deal.Pipeline is null || !mapping.Pipelines.Contains(deal.Pipeline, StringComparer.Ordinal)))
        {
            CrmLog.Skipped(logger, "HubSpot", payload.DealId, "its pipeline is not one the CRM mapping takes");
            return;
        }

        var (json, sourceOf) = CrmDealMapper.Map(deal.Record, mapping);
        await intake.TakeInAsync("HubSpot", json, sourceOf, ct);
    }
}
