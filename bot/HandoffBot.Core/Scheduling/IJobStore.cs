namespace HandoffBot.Core.Scheduling;

public interface IJobStore
{
    /// <summary>Adds jobs; a job whose idempotency key is already known is skipped. Returns how many were added.</summary>
    Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default);

    /// <summary>
    /// Takes up to <paramref name="max"/> jobs that are due (or whose lease ran out: a crash mid-run),
    /// marks them running until <paramref name="leaseUntil"/> and counts the attempt.
    /// </summary>
    Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default);

    Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The attempt failed: try again at <paramref name="retryAt"/>, or give up when it is null.</summary>
    Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Cancels pending jobs of a handoff whose kind starts with <paramref name="kindPrefix"/>.</summary>
    Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default);

    /// <summary>The earliest time a pending or leased job becomes runnable, or null when there is none.</summary>
    Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default);

    Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default);
}

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

/// <summary>Told when the runner gives up on a job, so the failure reaches a person instead of a log only.</summary>
public interface IJobFailureObserver
{
    Task OnGaveUpAsync(ScheduledJob job, string error, CancellationToken ct);
}
