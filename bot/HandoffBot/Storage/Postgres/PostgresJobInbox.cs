using System.Threading.Channels;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The Slack inbox on a shared database: an acknowledgement waits until its job is committed in the
/// job table itself, so it survives this instance dying and any instance's runner can do the work.
/// Requests waiting at the same moment are one multi-row insert (group commit); idempotency keys
/// (Slack's <c>event_id</c>, the interaction's <c>trigger_id</c>) make retries and duplicates one job,
/// whichever instance they reach.
/// </summary>
public sealed partial class PostgresJobInbox(PostgresDatabase db, IJobSignal signal, ILogger<PostgresJobInbox> logger) : BackgroundService, IJobInbox
{
    private const int MaxBatch = 512;

    private readonly Channel<(ScheduledJob Job, TaskCompletionSource Stored)> accepted =
        Channel.CreateUnbounded<(ScheduledJob, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task AcceptAsync(ScheduledJob job, CancellationToken ct)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!accepted.Writer.TryWrite((job, stored)))
        {
            throw new InvalidOperationException("The Slack inbox is closed (the bot is stopping).");
        }

        return stored.Task.WaitAsync(ct);
    }

    /// <summary>An accepted job is in the job table when <see cref="AcceptAsync"/> returns: nothing is left to move.</summary>
    public Task WhenMovedAsync() => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(ScheduledJob Job, TaskCompletionSource Stored)>(MaxBatch);
        try
        {
            while (await accepted.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && accepted.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await StoreAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            accepted.Writer.TryComplete();
            // Not stored, so not acknowledged: Slack retries them (to any instance).
            while (accepted.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task StoreAsync(List<(ScheduledJob Job, TaskCompletionSource Stored)> batch, CancellationToken ct)
    {
        try
        {
            await using var connection = await db.DataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await PostgresJobStore.InsertAsync(db, connection, transaction, [.. batch.Select(b => b.Job)], ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The waiting requests get the error (and answer 503 so Slack retries); the loop goes on.
            LogStoreFailed(logger, ex, batch.Count);
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

        signal.Wake();
    }

    [LoggerMessage(EventId = 5033, Level = LogLevel.Error, Message = "Slack inbox: storing {Count} request(s) in the database failed; they are not acknowledged (Slack retries)")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, int count);
}
