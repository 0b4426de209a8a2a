using System.Collections.Concurrent;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Scheduling;

/// <summary>
/// Runs due jobs from the durable job table. Sleeps on the injected <see cref="TimeProvider"/> until
/// the next job is due (or new work is signalled), so tests drive it with a fake clock. A failed
/// job is retried with exponential backoff until it has used its attempts, then marked failed and
/// reported; a job whose runner died mid-run is picked up again when its lease runs out. An attempt
/// counts when the job starts, not when it is claimed; a platform asking us to wait
/// (<see cref="IRetryAfter"/>) puts the job off until then without counting an attempt.
/// </summary>
public sealed partial class JobRunner : BackgroundService
{
    private readonly IJobStore store;
    private readonly Dictionary<string, IJobHandler> handlers;
    private readonly JobSignal signal;
    private readonly TimeProvider time;
    private readonly SchedulerOptions options;
    private readonly ILogger<JobRunner> logger;
    private readonly IReadOnlyList<IJobFailureObserver> observers;

    public JobRunner(
        IJobStore store,
        IEnumerable<IJobHandler> handlers,
        JobSignal signal,
        TimeProvider time,
        IOptions<SchedulerOptions> options,
        ILogger<JobRunner> logger,
        IEnumerable<IJobFailureObserver>? observers = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.signal = signal;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
        this.observers = [.. observers ?? []];
        this.handlers = new Dictionary<string, IJobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            foreach (var kind in handler.Kinds)
            {
                if (!this.handlers.TryAdd(kind, handler))
                {
                    throw new InvalidOperationException($"Job kind '{kind}' has two handlers: {this.handlers[kind].GetType().Name} and {handler.GetType().Name}.");
                }
            }
        }
    }

    public IReadOnlyCollection<string> Kinds => handlers.Keys;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var ran = await RunDueAsync(stoppingToken);
                if (ran >= options.BatchSize)
                {
                    continue;
                }

                var poll = TimeSpan.FromSeconds(options.PollSeconds);
                var next = await store.NextDueAtAsync(stoppingToken);
                var wait = next is { } due ? due - time.GetUtcNow() : poll;
                if (wait > poll)
                {
                    wait = poll;
                }

                if (wait > TimeSpan.Zero)
                {
                    await signal.WaitAsync(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // the loop must outlive a storage hiccup; it logs and carries on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Claims and runs the jobs due now; returns how many ran. Tests call this directly.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var jobs = await store.ClaimDueAsync(now, now.AddSeconds(options.LeaseSeconds), options.BatchSize, ct);
        // Jobs that ran to the end are marked done with the next job's start, or all at once after the batch.
        var finished = new ConcurrentQueue<FinishedJob>();
        try
        {
            if (options.Concurrency <= 1 || jobs.Count <= 1)
            {
                foreach (var job in jobs)
                {
                    await RunOneAsync(job, finished, ct);
                }

                return jobs.Count;
            }

            // One lane per handoff keeps its jobs in due order; lanes run side by side.
            var lanes = jobs.GroupBy(j => j.HandoffId ?? j.Id, StringComparer.Ordinal).ToList();
            var waiting = lanes.Count;
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct }, async (lane, token) =>
            {
                Interlocked.Decrement(ref waiting);
                foreach (var job in lane)
                {
                    await RunOneAsync(job, finished, token);
                }

                // No lane left to start on this worker: no start will take what finished, so it is marked now
                // rather than after the batch's slowest job (which could outlast a finished job's lease).
                if (Volatile.Read(ref waiting) == 0 && Take(finished) is { Count: > 0 } done)
                {
                    await store.CompleteAsync(done, token);
                }
            });
            return jobs.Count;
        }
        finally
        {
            // Also when the batch was cut short: what finished is not run again after its lease.
            if (Take(finished) is { Count: > 0 } done)
            {
                await store.CompleteAsync(done, CancellationToken.None);
            }
        }
    }

    private static List<FinishedJob> Take(ConcurrentQueue<FinishedJob> finished)
    {
        var done = new List<FinishedJob>();
        while (finished.TryDequeue(out var job))
        {
            done.Add(job);
        }

        return done;
    }

    /// <summary>Runs every job that is due, including ones made due by the jobs it runs, until none is left.</summary>
    public async Task<int> DrainAsync(CancellationToken ct = default)
    {
        var total = 0;
        int ran;
        while ((ran = await RunDueAsync(ct)) > 0)
        {
            total += ran;
        }

        return total;
    }

    private async Task RunOneAsync(ScheduledJob job, ConcurrentQueue<FinishedJob> finished, CancellationToken ct)
    {
        if (!handlers.TryGetValue(job.Kind, out var handler))
        {
            LogNoHandler(logger, job.Id, job.Kind);
            await store.FailAsync(job.Id, $"No handler for job kind '{job.Kind}' (is its integration enabled?)", null, time.GetUtcNow(), ct);
            return;
        }

        var lease = TimeSpan.FromSeconds(options.LeaseSeconds);
        var done = Take(finished);
        try
        {
            job = await store.StartAsync(job, time.GetUtcNow() + lease, done, ct);
        }
        catch
        {
            done.ForEach(finished.Enqueue); // still to be marked: by the next start, or after the batch
            throw;
        }

        try
        {
            // The run ends with its lease, on the injected clock: after that another run may take the job.
            using var leaseEnds = new CancellationTokenSource(lease, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, leaseEnds.Token);
            await handler.RunAsync(job, timeout.Token);
            finished.Enqueue(new FinishedJob(job.Id, time.GetUtcNow()));
            LogRan(logger, job.Id, job.Kind, job.HandoffId, job.Attempts);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: the lease runs out and the job is picked up again after the restart.
            throw;
        }
        catch (PermanentJobFailure ex)
        {
            LogGaveUp(logger, job.Id, job.Kind, job.HandoffId, job.Attempts, ex.Message);
            await store.FailAsync(job.Id, ex.Message, null, time.GetUtcNow(), ct);
            await ReportAsync(job, ex.Message, ct);
        }
#pragma warning disable CA1031 // any failure of one job is recorded on that job; the runner goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var now = time.GetUtcNow();
            var error = $"{ex.GetType().Name}: {ex.Message}";
            if (RetryAfterOf(ex) is { } wait && job.Deferrals < options.MaxAttempts)
            {
                // Asked to come back later: the next attempt is then (capped), and this one is given back.
                var until = now + TimeSpan.FromSeconds(Math.Min(wait.TotalSeconds, options.MaxRetryDelaySeconds));
                LogDeferred(logger, job.Id, job.Kind, job.HandoffId, until);
                await store.DeferAsync(job.Id, error, until, ct);
                return;
            }

            if (job.Attempts >= options.MaxAttempts)
            {
                LogGaveUp(logger, job.Id, job.Kind, job.HandoffId, job.Attempts, error);
                await store.FailAsync(job.Id, error, null, now, ct);
                await ReportAsync(job, error, ct);
                return;
            }

            var delay = TimeSpan.FromSeconds(Math.Min(options.MaxRetryDelaySeconds, options.RetryDelaySeconds * Math.Pow(2, job.Attempts - 1)));
            if (ex is IExpectedCondition)
            {
                // Waiting on a person (an install, a setting): what to do, once per attempt, no stack trace.
                LogWaiting(logger, job.Kind, job.HandoffId, ex.Message, delay);
            }
            else
            {
                LogRetry(logger, ex, job.Id, job.Kind, job.HandoffId, job.Attempts, delay);
            }

            await store.FailAsync(job.Id, error, now + delay, now, ct);
        }
    }

    private static TimeSpan? RetryAfterOf(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is IRetryAfter asked)
            {
                return asked.RetryAfter < TimeSpan.Zero ? TimeSpan.Zero : asked.RetryAfter;
            }
        }

        return null;
    }

    private async Task ReportAsync(ScheduledJob job, string error, CancellationToken ct)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnGaveUpAsync(job, error, ct);
            }
#pragma warning disable CA1031 // a failing report must not take the runner down; it is logged
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogReportFailed(logger, ex, job.Id);
            }
        }
    }

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}, handoff {HandoffId}) put off until {Until:u}: the platform asked us to wait (no attempt counted)")]
    private static partial void LogDeferred(ILogger logger, string jobId, string kind, string? handoffId, DateTimeOffset until);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Could not report the failure of job {JobId}")]
    private static partial void LogReportFailed(ILogger logger, Exception ex, string jobId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Job {JobId} ({Kind}, handoff {HandoffId}) done on attempt {Attempt}")]
    private static partial void LogRan(ILogger logger, string jobId, string kind, string? handoffId, int attempt);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Job {JobId} ({Kind}, handoff {HandoffId}) failed on attempt {Attempt}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, Exception ex, string jobId, string kind, string? handoffId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Waiting to send {Kind} (handoff {HandoffId}): {WhatToDo} Trying again in {Delay}.")]
    private static partial void LogWaiting(ILogger logger, string kind, string? handoffId, string whatToDo, TimeSpan delay);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Job {JobId} ({Kind}, handoff {HandoffId}) failed for good after {Attempt} attempt(s): {Error}. It is listed under GET /api/jobs?status=failed")]
    private static partial void LogGaveUp(ILogger logger, string jobId, string kind, string? handoffId, int attempt, string error);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "No handler for job {JobId} of kind {Kind}")]
    private static partial void LogNoHandler(ILogger logger, string jobId, string kind);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "The job runner loop failed; trying again shortly")]
    private static partial void LogLoopError(ILogger logger, Exception ex);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "The job runner is disabled (Scheduler__Enabled=false): nothing is sent and no clock is checked")]
    private static partial void LogDisabled(ILogger logger);
}
