using System.Threading.Channels;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

/// <summary>
/// The durable inbox: what Slack sent is appended to the inbox log (<see cref="SlackInboxLog"/>)
/// before Slack gets its acknowledgement, so an acknowledged request is never lost. Appends are
/// group-committed: every request waiting at that moment is one write. A second loop reads the log
/// behind the writer and moves the jobs into the job store in large batches, where idempotency
/// keys (Slack's <c>event_id</c>, the interaction's <c>trigger_id</c>) make retries and duplicates
/// one job; the job runner does the work. The log is the queue, so a burst costs disk, not memory.
/// At start-up, whatever the log still holds (the process died) is moved first.
/// </summary>
public sealed partial class SlackInbox : BackgroundService, IJobInbox
{
    private const int MaxAppendBatch = 512;
    private const int MaxMoveBatch = 2048;

    private readonly IJobStore store;
    private readonly IJobSignal signal;
    private readonly SlackOptions settings;
    private readonly string logPath;
    private readonly TimeProvider time;
    private readonly ILogger<SlackInbox> logger;
    private readonly Channel<(ScheduledJob Job, TaskCompletionSource Stored)> accepted =
        Channel.CreateUnbounded<(ScheduledJob, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> appendedSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim movedSignal = new(0);
    private readonly Lock gate = new();
    private readonly List<(long Target, TaskCompletionSource Done)> waiters = [];
    private readonly TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SlackInboxLog? log;

    // Byte positions in the log since start-up (never reset); the file holds [fileStart, appended).
    private long appended;
    private long moved;
    private long fileStart;
    private long refused;

    public SlackInbox(IJobStore store, IJobSignal signal, IOptions<SlackOptions> options, IOptions<StorageOptions> storage, TimeProvider time, ILogger<SlackInbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        this.store = store;
        this.signal = signal;
        this.time = time;
        this.logger = logger;
        settings = options.Value;
        logPath = SlackInboxLog.PathFor(storage.Value.Path);
    }

    /// <summary>Completes once the job is in the inbox log (it then reaches the job store even if the process dies).</summary>
    public Task AcceptAsync(ScheduledJob job, CancellationToken ct)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!accepted.Writer.TryWrite((job, stored)))
        {
            throw new InvalidOperationException("The Slack inbox is closed (the bot is stopping).");
        }

        return stored.Task.WaitAsync(ct);
    }

    /// <summary>Completes when every job accepted so far is in the job store (tests run jobs after this).</summary>
    public async Task WhenMovedAsync()
    {
        await recovered.Task;
        Task pending;
        lock (gate)
        {
            if (moved >= appended)
            {
                return;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((appended, done));
            pending = done.Task;
        }

        await pending;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log = new SlackInboxLog(logPath, settings.InboxFlushToDisk);
        try
        {
            await RecoverAsync(log, stoppingToken);
        }
        finally
        {
            recovered.TrySetResult();
        }

        // The mover runs on its own thread at background priority: acknowledgements come first, the
        // log keeps what they promised, and the store catches up with the CPU that is left.
        var moverDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moverThread = new Thread(() =>
        {
            BackgroundPriority.Lower();
            try
            {
                MoveAsync(log).GetAwaiter().GetResult();
                moverDone.TrySetResult();
            }
#pragma warning disable CA1031 // surfaced through the task the stopping code awaits
            catch (Exception ex)
#pragma warning restore CA1031
            {
                moverDone.TrySetException(ex);
            }
        })
        { IsBackground = true, Name = "Slack inbox mover" };
        moverThread.Start();
        var mover = moverDone.Task;
        var batch = new List<(ScheduledJob Job, TaskCompletionSource Stored)>(MaxAppendBatch);
        var jobs = new List<ScheduledJob>(MaxAppendBatch);
        try
        {
            while (await accepted.Reader.WaitToReadAsync(stoppingToken))
            {
                // Bounded: when the store falls this far behind, acknowledgements wait for it.
                while (Interlocked.Read(ref appended) - Interlocked.Read(ref moved) > settings.InboxMaxBacklogBytes)
                {
                    await movedSignal.WaitAsync(stoppingToken);
                }

                batch.Clear();
                jobs.Clear();
                while (batch.Count < MaxAppendBatch && accepted.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    jobs.Add(item.Job);
                }

                Append(log, batch, jobs);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            accepted.Writer.TryComplete();
            // Requests still waiting are not acknowledged: Slack retries them.
            while (accepted.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(CancellationToken.None);
            }

            appendedSignal.Writer.TryComplete();
            await mover;
            log.Dispose();
        }
    }

    private void Append(SlackInboxLog target, List<(ScheduledJob Job, TaskCompletionSource Stored)> batch, List<ScheduledJob> jobs)
    {
        try
        {
            lock (gate)
            {
                appended += target.Append(jobs);
            }
        }
#pragma warning disable CA1031 // the waiting requests get the error (and answer 503 so Slack retries); the loop goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var (_, stored) in batch)
            {
                stored.TrySetException(ex);
            }

            return;
        }

        foreach (var (_, stored) in batch)
        {
            stored.TrySetResult();
        }

        appendedSignal.Writer.TryWrite(true);
    }

    /// <summary>Reads the log behind the writer and moves its jobs into the store; empties the log whenever the store has caught up.</summary>
    private async Task MoveAsync(SlackInboxLog source)
    {
        using var reader = source.OpenReader();
        var scratch = new byte[256 * 1024];
        var batch = new List<ScheduledJob>(MaxMoveBatch);
        var open = true;
        while (open)
        {
            open = await appendedSignal.Reader.WaitToReadAsync(CancellationToken.None);
            appendedSignal.Reader.TryRead(out _);
            while (true)
            {
                long from, to;
                lock (gate)
                {
                    from = moved - fileStart;
                    to = appended - fileStart;
                }

                if (from >= to)
                {
                    break;
                }

                batch.Clear();
                var consumed = SlackInboxLog.ReadJobs(reader, from, to, batch, MaxMoveBatch, ref scratch);
                if (batch.Count > 0)
                {
                    await StoreWithRetriesAsync(batch);
                    signal.Wake();
                }

                Moved(source, consumed);
            }
        }
    }

    private void Moved(SlackInboxLog source, long bytes)
    {
        lock (gate)
        {
            moved += bytes;
            if (moved == appended && Interlocked.Read(ref refused) == 0 && appended - fileStart > settings.InboxTruncateBytes)
            {
                source.Truncate();
                fileStart = appended;
            }

            waiters.RemoveAll(w =>
            {
                if (w.Target > moved)
                {
                    return false;
                }

                w.Done.TrySetResult();
                return true;
            });
        }

        movedSignal.Release();
    }

    private async Task StoreWithRetriesAsync(List<ScheduledJob> batch)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await store.EnqueueAsync(batch, CancellationToken.None);
                return;
            }
#pragma warning disable CA1031 // the jobs are safe in the log; try again, then one by one
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogMoveFailed(logger, ex, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), time, CancellationToken.None);
            }
        }

        // One bad job must not hold back the others: the ones the store refuses stay in the log for the next start.
        foreach (var job in batch)
        {
            try
            {
                await store.EnqueueAsync([job], CancellationToken.None);
            }
#pragma warning disable CA1031
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogJobRefused(logger, ex, job.Kind);
                Interlocked.Increment(ref refused);
            }
        }
    }

    private async Task RecoverAsync(SlackInboxLog target, CancellationToken ct)
    {
        var left = target.ReadAll(out var skipped);
        foreach (var chunk in left.Chunk(MaxMoveBatch))
        {
            await store.EnqueueAsync(chunk, ct);
        }

        if (left.Count > 0 || skipped > 0)
        {
            signal.Wake();
            LogRecovered(logger, left.Count, skipped);
        }

        target.Truncate();
    }

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "Slack inbox: {Count} logged request(s) moved to the job store at start-up ({Skipped} torn line(s) skipped)")]
    private static partial void LogRecovered(ILogger logger, int count, int skipped);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Error, Message = "Slack inbox: storing {Count} logged job(s) failed (attempt {Attempt}); they stay in the inbox log")]
    private static partial void LogMoveFailed(ILogger logger, Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Error, Message = "Slack inbox: the job store refused a {Kind} job; it stays in the inbox log and is retried at the next start")]
    private static partial void LogJobRefused(ILogger logger, Exception exception, string kind);
}
