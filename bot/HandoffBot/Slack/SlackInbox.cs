using System.Threading.Channels;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Slack;

/// <summary>
/// The durable inbox: what Slack sent is stored as a job before Slack gets its acknowledgement,
/// so an acknowledged request is never lost; the job runner does the work after. Idempotency keys
/// (Slack's <c>event_id</c>, the interaction's <c>trigger_id</c>) make retries and duplicates one job.
/// Writes are group-committed: every request waiting at that moment is stored in one transaction,
/// which keeps the acknowledgement fast under load.
/// </summary>
public sealed class SlackInbox(IJobStore store, IJobSignal signal) : BackgroundService
{
    private readonly Channel<(ScheduledJob Job, TaskCompletionSource Stored)> queue =
        Channel.CreateUnbounded<(ScheduledJob, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the job is stored (or was already known).</summary>
    public Task AcceptAsync(ScheduledJob job, CancellationToken ct)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((job, stored)))
        {
            throw new InvalidOperationException("The Slack inbox is closed (the bot is stopping).");
        }

        return stored.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(ScheduledJob Job, TaskCompletionSource Stored)>(256);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < 512 && queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (!await TryStoreAsync(batch))
                {
                    // One bad item must not fail the others: store them one by one.
                    foreach (var item in batch)
                    {
                        await TryStoreAsync([item]);
                    }
                }

                signal.Wake();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            queue.Writer.TryComplete();
            // Requests still waiting are not acknowledged: Slack retries them.
            while (queue.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task<bool> TryStoreAsync(List<(ScheduledJob Job, TaskCompletionSource Stored)> items)
    {
        try
        {
            await store.EnqueueAsync([.. items.Select(b => b.Job)], CancellationToken.None);
            foreach (var (_, stored) in items)
            {
                stored.TrySetResult();
            }

            return true;
        }
#pragma warning disable CA1031 // the waiting request gets the error (and answers 503 so Slack retries); the loop goes on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (items.Count == 1)
            {
                items[0].Stored.TrySetException(ex);
            }

            return false;
        }
    }
}
