namespace HandoffBot.Core.Scheduling;

public interface IJobStore
{
    /// <summary>Adds jobs; a job whose idempotency key is already known is skipped. Returns how many were added.</summary>
    Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default);

    /// <summary>
    /// Takes up to <paramref name="max"/> jobs that are due (or whose lease ran out: a crash mid-run)
    /// and marks them running until <paramref name="leaseUntil"/>. No attempt is counted yet: a job
    /// claimed in a batch the process died in before reaching it has not been tried.
    /// </summary>
    Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default);

    /// <summary>A claimed job starts now: counts the attempt and leases it until <paramref name="leaseUntil"/>. Returns the job as stored.</summary>
    Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default);

    Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// Marks <paramref name="done"/> jobs done (they ran to the end; each with when it finished). The runner
    /// gives finished jobs back in bulk, or together with the next job's start (<see cref="StartAsync(ScheduledJob, DateTimeOffset, IReadOnlyCollection{FinishedJob}, CancellationToken)"/>):
    /// one write instead of one per job. Until then a finished job is still leased, so a crash in between
    /// only runs it again — which every handler allows (the outbox does not send a known key twice).
    /// </summary>
    async Task CompleteAsync(IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        foreach (var job in done)
        {
            await CompleteAsync(job.Id, job.At, ct);
        }
    }

    /// <summary>Marks <paramref name="done"/> jobs done, then starts <paramref name="job"/>: what the runner does between two jobs, in one write where the store can.</summary>
    async Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        await CompleteAsync(done, ct);
        return await StartAsync(job, leaseUntil, ct);
    }

    /// <summary>The attempt failed: try again at <paramref name="retryAt"/>, or give up when it is null.</summary>
    Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>
    /// The platform asked us to wait (rate limited, Retry-After): run again at <paramref name="until"/>.
    /// The attempt is given back (it was not a failure); <see cref="ScheduledJob.Deferrals"/> counts it instead.
    /// </summary>
    Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default);

    /// <summary>Cancels pending jobs of a handoff whose kind starts with <paramref name="kindPrefix"/>.</summary>
    Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default);

    /// <summary>The earliest time a pending or leased job becomes runnable, or null when there is none.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default);

    Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default);
}

/// <summary>A job that ran to the end at <paramref name="At"/>, not yet marked done in the store.</summary>
public sealed record FinishedJob(string Id, DateTimeOffset At);

/// <summary>Wakes the job runner when new work was stored, so it does not wait for its next poll.</summary>
public interface IJobSignal
{
    void Wake();
}

/// <summary>Runs one kind of job. Throwing means "retry later"; a <see cref="PermanentJobFailure"/> means "give up".</summary>
public interface IJobHandler
{
    /// <summary>The job kinds this handler runs (exact names; duplicates across handlers fail at start-up).</summary>
    IReadOnlyCollection<string> Kinds { get; }

    Task RunAsync(ScheduledJob job, CancellationToken ct);
}

/// <summary>Retrying cannot help (the handoff is gone, the payload is unreadable).</summary>
public sealed class PermanentJobFailure(string message) : Exception(message);

/// <summary>
/// Carried by an exception when the other side asked us to come back later (HTTP 429 with
/// Retry-After): the job runner puts the job off until then instead of counting a failed attempt.
/// </summary>
public interface IRetryAfter
{
    TimeSpan RetryAfter { get; }
}

/// <summary>Told when the runner gives up on a job, so the failure reaches a person instead of a log only.</summary>
public interface IJobFailureObserver
{
    Task OnGaveUpAsync(ScheduledJob job, string error, CancellationToken ct);
}
