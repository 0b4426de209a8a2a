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

                try
                {
                    await store.EnqueueAsync([.. batch.Select(b => b.Job)], CancellationToken.None);
                    foreach (var (_, stored) in batch)
                    {
                        stored.TrySetResult();
                    }

                    signal.Wake();
                }
#pragma warning disable CA1031 // the waiting requests get the error (and answer 5xx so Slack retries); the loop goes on
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    foreach (var (_, stored) in batch)
                    {
                        stored.TrySetException(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(CancellationToken.None);
            }
        }
    }
}
