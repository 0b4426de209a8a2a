using System.Text.Json;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>A job the runner gave up on, as the admin hears about it.</summary>
public sealed record JobFailure(string JobId, string Kind, string? HandoffId, int Attempts, string Error);

/// <summary>
/// When the runner gives up on a job (e.g. a platform down for hours), a durable report job is
/// stored: the failure goes into the handoff's audit trail and to the RevOps fallback admin, on
/// their platform or, when that is the one down, on another enabled one. A failed report is not
/// reported again (it stays listed under GET /api/jobs?status=failed).
/// </summary>
public sealed class FailureReporter(IJobStore jobs, IJobSignal signal, TimeProvider time) : IJobFailureObserver
{
    public async Task OnGaveUpAsync(ScheduledJob job, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Kind == TimingJobs.FailureReport)
        {
            return;
        }

        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(new JobFailure(job.Id, job.Kind, job.HandoffId, job.Attempts, error));
        await jobs.EnqueueAsync([ScheduledJob.Create(TimingJobs.FailureReport, job.HandoffId, now, $"failure:{job.Id}", now, payload)], ct);
        signal.Wake();
    }
}

public sealed class FailureReportHandler(HandoffService handoffs, Recipients recipients, Outbox outbox) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TimingJobs.FailureReport];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var failure = JsonSerializer.Deserialize<JobFailure>(job.Payload ?? "null") ?? throw new PermanentJobFailure("Empty failure report.");
        Handoff? handoff = null;
        if (failure.HandoffId is { } id && await handoffs.GetAsync(id, ct) is { } h)
        {
            handoff = await handoffs.ExecuteAsync(id, (x, clock) =>
            {
                if (!x.Audit.Any(a => a.Change is DeliveryFailed failed && failed.JobId == failure.JobId))
                {
                    x.RecordSystemEvent(new DeliveryFailed(failure.JobId, failure.Kind), $"Gave up on {failure.Kind} after {failure.Attempts} attempt(s); RevOps told.", clock);
                }
            }, ct);
            handoff ??= h;
        }

        var admin = await recipients.ResolveAsync(handoffs.Playbook.RevOpsFallback, ct);
        var what = handoff is null ? "" : $" for {handoff.Deal.AccountName} ({handoff.Id}, {handoff.Stage.Display()}, owner {handoff.Owner.Email})";
        var text = new TextNotification($"HandoffBot could not deliver {failure.Kind}{what} after {failure.Attempts} attempts: {failure.Error}. "
            + $"It is listed under GET /api/jobs?status=failed; the people concerned have not been told.", handoff);
        var platforms = new[] { admin.Platform }.Concat(outbox.Enabled.Where(p => p != admin.Platform));
        Exception? last = null;
        foreach (var platform in platforms)
        {
            try
            {
                await outbox.ToPersonOnAsync($"{job.IdempotencyKey}/to:{admin.Email}/{platform}", platform, admin, text, ct);
                return;
            }
#pragma warning disable CA1031 // try the next platform; the last error is rethrown so the job retries
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                last = ex;
            }
        }

        throw last ?? new PlatformDisabledException(admin.Platform);
    }
}
