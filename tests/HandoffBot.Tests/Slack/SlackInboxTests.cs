using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Tests.Slack;

/// <summary>The inbox log against a real file: what was acknowledged reaches the job store, even across a crash.</summary>
public sealed class SlackInboxTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"), "handoffbot.db");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(dbPath)!, recursive: true);

    [Fact]
    public async Task Acknowledged_ButNotYetInTheStore_ReachesItAfterARestart_TornLineSkipped()
    {
        var down = new RecordingJobStore { Refuse = true };
        var first = Inbox(down);
        await first.StartAsync(CancellationToken.None);
        await first.AcceptAsync(Job("slack:event:Ev1", "{\"a\":\"é\\n\"}"), CancellationToken.None);
        await first.AcceptAsync(Job("slack:event:Ev2", null), CancellationToken.None);
        await first.StopAsync(CancellationToken.None); // the store never took them: they are only in the log
        first.Dispose();
        Assert.Empty(down.Jobs);
        await File.AppendAllTextAsync(SlackInboxLog.PathFor(dbPath), "{\"id\":\"torn-by-the-cra");

        var store = new RecordingJobStore();
        var second = Inbox(store);
        await second.StartAsync(CancellationToken.None);
        await second.WhenMovedAsync();

        Assert.Equal(["slack:event:Ev1", "slack:event:Ev2"], store.Jobs.Select(j => j.IdempotencyKey));
        Assert.Equal("{\"a\":\"é\\n\"}", store.Jobs[0].Payload);
        Assert.Null(store.Jobs[1].Payload);
        Assert.Equal(Now, store.Jobs[0].DueAt);
        await second.StopAsync(CancellationToken.None);
        second.Dispose();
    }

    [Fact]
    public async Task Duplicates_AreOneJob_AndTheLogIsEmptiedOnceTheStoreHasCaughtUp()
    {
        var store = new RecordingJobStore();
        var inbox = Inbox(store, truncateBytes: 0);
        await inbox.StartAsync(CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => inbox.AcceptAsync(Job("slack:event:Ev" + (i % 10), "x"), CancellationToken.None)));
        await inbox.WhenMovedAsync();

        Assert.Equal(10, store.Jobs.Count);
        Assert.Equal(0, new FileInfo(SlackInboxLog.PathFor(dbPath)).Length);
        await inbox.StopAsync(CancellationToken.None);
        inbox.Dispose();
    }

    private SlackInbox Inbox(IJobStore store, long truncateBytes = 1024 * 1024) => new(
        store,
        new NoSignal(),
        Microsoft.Extensions.Options.Options.Create(new SlackOptions { InboxTruncateBytes = truncateBytes }),
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = dbPath }),
        TimeProvider.System,
        NullLogger<SlackInbox>.Instance);

    private static ScheduledJob Job(string key, string? payload) => ScheduledJob.Create(SlackEndpoints.EventJob, null, Now, key, Now, payload);

    private sealed class NoSignal : IJobSignal
    {
        public void Wake()
        {
        }
    }

    /// <summary>Enqueue only: records jobs by idempotency key, or refuses everything (the store is down).</summary>
    private sealed class RecordingJobStore : IJobStore
    {
        public bool Refuse { get; init; }

        public List<ScheduledJob> Jobs { get; } = [];

        public Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
        {
            if (Refuse)
            {
                throw new IOException("The store is down.");
            }

            lock (Jobs)
            {
                var added = 0;
                foreach (var job in jobs.Where(j => Jobs.TrueForAll(k => k.IdempotencyKey != j.IdempotencyKey)))
                {
                    Jobs.Add(job);
                    added++;
                }

                return Task.FromResult(added);
            }
        }

        public Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default) => throw new NotSupportedException();

        public Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default) => throw new NotSupportedException();

        public Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default) => throw new NotSupportedException();

        public Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
