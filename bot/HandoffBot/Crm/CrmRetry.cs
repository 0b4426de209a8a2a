using System.Globalization;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm;

/// <summary>
/// Keeps a CRM job alive through a long outage. The job runner gives up after
/// <c>Scheduler__MaxAttempts</c> (a few hours); HubSpot and Salesforce themselves would have kept
/// retrying for a day, but they were acknowledged. So when a CRM job's last attempt fails because
/// the CRM is down, limited or misconfigured, the work moves to a fresh job due after the longest
/// retry delay, until <see cref="CrmOptions.RetryForHours"/> after the event first arrived; only
/// then does it fail for good (and RevOps is told). Each continuation carries the last error.
/// </summary>
public sealed partial class CrmRetry(IJobStore jobs, IJobSignal signal, IOptions<SchedulerOptions> scheduler, IOptions<CrmOptions> crm, TimeProvider time, ILogger<CrmRetry> logger)
{
    private const string Generation = "#retry";

    /// <summary>
    /// A CRM job's run: its payload read (unreadable or <paramref name="valid"/> false: a permanent
    /// failure naming <paramref name="what"/>), then <paramref name="takeIn"/>; a CRM that is down or
    /// rate-limits hands the work to a continuation job carrying when it was first seen
    /// (<see cref="ContinueLaterAsync"/>), or fails the attempt once that is over.
    /// </summary>
    public async Task RunAsync<TPayload>(
        ScheduledJob job,
        string what,
        Func<TPayload, bool> valid,
        Func<TPayload, DateTimeOffset?> since,
        Func<TPayload, DateTimeOffset, TPayload> withSince,
        Func<TPayload, CancellationToken, Task> takeIn,
        CancellationToken ct)
        where TPayload : class
    {
        ArgumentNullException.ThrowIfNull(job);
        TPayload? payload;
        try
        {
            payload = System.Text.Json.JsonSerializer.Deserialize<TPayload>(job.Payload ?? "", CrmJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            payload = null;
        }

        if (payload is null || !valid(payload))
        {
            throw new PermanentJobFailure($"The job's payload is not {what}.");
        }

        try
        {
            await takeIn(payload, ct);
        }
        catch (CrmApiException ex)
        {
            var first = since(payload) ?? job.CreatedAt;
            if (!await ContinueLaterAsync(job, first, System.Text.Json.JsonSerializer.Serialize(withSince(payload, first), CrmJson.Options), ex, ct))
            {
                throw;
            }

            // Handed to a continuation job, which carries the error.
        }
    }

    /// <summary>True when the work was handed to a continuation job (the caller then completes this one).</summary>
    public async Task<bool> ContinueLaterAsync(ScheduledJob job, DateTimeOffset firstSeen, string payload, Exception error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(error);
        var now = time.GetUtcNow();
        if (job.Attempts < scheduler.Value.MaxAttempts || now - firstSeen >= TimeSpan.FromHours(crm.Value.RetryForHours))
        {
            return false;
        }

        var cut = job.IdempotencyKey.LastIndexOf(Generation, StringComparison.Ordinal);
        var baseKey = cut < 0 ? job.IdempotencyKey : job.IdempotencyKey[..cut];
        var generation = cut < 0 ? 1 : int.Parse(job.IdempotencyKey[(cut + Generation.Length)..], CultureInfo.InvariantCulture) + 1;
        var next = ScheduledJob.Create(job.Kind, job.HandoffId, now.AddSeconds(scheduler.Value.MaxRetryDelaySeconds), baseKey + Generation + generation.ToString(CultureInfo.InvariantCulture), now, payload)
            with { LastError = $"continues job {job.Id} after {job.Attempts} attempts: {error.Message}" };
        await jobs.EnqueueAsync([next], ct);
        signal.Wake();
        LogContinued(logger, job.Id, job.Kind, next.Id, next.DueAt);
        return true;
    }

    [LoggerMessage(EventId = 7112, Level = LogLevel.Warning, Message = "CRM job {JobId} ({Kind}) used its attempts while the CRM kept failing; continued as job {NextId}, due {DueAt}")]
    private static partial void LogContinued(ILogger logger, string jobId, string kind, string nextId, DateTimeOffset dueAt);
}
