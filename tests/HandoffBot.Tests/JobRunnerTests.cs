using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Scheduling;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Tests;

public sealed class JobRunnerTests : IDisposable
{
    private readonly ScriptedHandler handler = new();
    private readonly HandoffBotApp app;

    public JobRunnerTests()
    {
        app = new HandoffBotApp { ConfigureTestServices = s => s.AddSingleton<IJobHandler>(handler) };
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task DueJob_Runs_FutureJobWaits()
    {
        var now = app.Time.GetUtcNow();
        await app.Get<IJobStore>().EnqueueAsync([Job("now", now), Job("later", now.AddHours(1))]);

        await app.RunJobsAsync();
        Assert.Equal(["now"], handler.Ran);

        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RunJobsAsync();
        Assert.Equal(["now", "later"], handler.Ran);
        Assert.Equal(2, (await app.Get<IJobStore>().ListAsync(JobStatus.Done, null, 10)).Count);
    }

    [Fact]
    public async Task PermanentFailure_IsNotRetried()
    {
        handler.Throw = new PermanentJobFailure("handoff gone");
        await app.Get<IJobStore>().EnqueueAsync([Job("x", app.Time.GetUtcNow())]);

        await app.RunJobsAsync();
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.RunJobsAsync();

        var failed = Assert.Single(await app.Get<IJobStore>().ListAsync(JobStatus.Failed, null, 10));
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("handoff gone", failed.LastError);
    }

    [Fact]
    public async Task UnknownKind_FailsVisibly()
    {
        var now = app.Time.GetUtcNow();
        await app.Get<IJobStore>().EnqueueAsync([ScheduledJob.Create("no.such.kind", null, now, "k1", now)]);

        await app.RunJobsAsync();

        Assert.Contains("No handler", Assert.Single(await app.Get<IJobStore>().ListAsync(JobStatus.Failed, null, 10)).LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backoff_DoublesUpToTheCap()
    {
        handler.Throw = new InvalidOperationException("down");
        await app.Get<IJobStore>().EnqueueAsync([Job("x", app.Time.GetUtcNow())]);
        var delays = new List<TimeSpan>();

        for (var attempt = 0; attempt < 9; attempt++)
        {
            var before = app.Time.GetUtcNow();
            await app.RunJobsAsync();
            var job = Assert.Single(await app.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 10), j => j.Kind == "test.job"); // the weekly digest is pending too
            delays.Add(job.DueAt - before);
            app.Time.SetUtcNow(job.DueAt);
        }

        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3600, 3600], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public async Task FinishedJobs_AreMarkedDoneWithTheNextStart_TheLastAfterTheBatch()
    {
        var store = new RecordingJobStore(app.Get<IJobStore>());
        using var runner = Runner(store);
        var now = app.Time.GetUtcNow();
        await store.EnqueueAsync([Job("1", now), Job("2", now), Job("3", now)]);

        Assert.Equal(3, await runner.RunDueAsync());

        Assert.Equal(["1", "2", "3"], handler.Ran);
        // One write between two jobs (the finished one marked, the next started), one for the last.
        Assert.Equal([0, 1, 1], store.StartsWithDone);
        Assert.Equal([1], store.BulkCompletes);
        Assert.Equal(0, store.SingleCompletes);
        Assert.Equal(3, (await store.ListAsync(JobStatus.Done, null, 10)).Count(j => j.Kind == "test.job"));
    }

    [Fact]
    public async Task SideBySide_AJobFinishedBesideASlowOne_IsMarkedDoneWithoutWaitingForIt()
    {
        var store = new RecordingJobStore(app.Get<IJobStore>());
        var now = app.Time.GetUtcNow();
        await store.EnqueueAsync([ScheduledJob.Create("test.job", "HO-A", now, "key-a", now, "a"), ScheduledJob.Create("test.job", "HO-B", now, "key-b", now, "b")]);
        var quickMarked = false;
        var slowRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.OnRunAsync = async payload =>
        {
            if (payload == "a")
            {
                // The quick job ends while the slow one runs (both started): no start is left to carry its mark.
                await slowRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));
                return;
            }

            slowRunning.SetResult();
            // The slow job: it does not end before the quick one beside it is marked done.
            await store.Marked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            quickMarked = (await store.ListAsync(JobStatus.Done, null, 10)).Any(j => j.Payload == "a");
        };
        using var runner = new JobRunner(store, [handler], new JobSignal(), app.Time,
            Microsoft.Extensions.Options.Options.Create(new SchedulerOptions { Concurrency = 2 }), NullLogger<JobRunner>.Instance);

        Assert.Equal(2, await runner.RunDueAsync());

        Assert.True(quickMarked);
        Assert.Equal(2, (await store.ListAsync(JobStatus.Done, null, 10)).Count(j => j.Kind == "test.job"));
    }

    [Fact]
    public async Task BatchCutShort_WhatFinishedIsStillMarkedDone_TheRestRunsAgainAfterItsLease()
    {
        using var stopping = new CancellationTokenSource();
        handler.OnRun = payload =>
        {
            if (payload == "2")
            {
                stopping.Cancel(); // shutting down while job 2 runs
                throw new OperationCanceledException(stopping.Token);
            }
        };
        using var runner = Runner(app.Get<IJobStore>());
        var now = app.Time.GetUtcNow();
        await app.Get<IJobStore>().EnqueueAsync([Job("1", now), Job("2", now.AddSeconds(1))]);
        app.Time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunDueAsync(stopping.Token));

        var jobs = (await app.Get<IJobStore>().ListAsync(null, null, 10)).Where(j => j.Kind == "test.job").ToDictionary(j => j.Payload!);
        Assert.Equal(JobStatus.Done, jobs["1"].Status);
        Assert.Equal((JobStatus.Running, 1), (jobs["2"].Status, jobs["2"].Attempts));

        handler.OnRun = null;
        app.Time.Advance(TimeSpan.FromSeconds(new SchedulerOptions().LeaseSeconds));
        Assert.Equal(1, await runner.RunDueAsync());
        Assert.Equal(["1", "2"], handler.Ran);
        Assert.Equal(2, (await app.Get<IJobStore>().ListAsync(JobStatus.Done, null, 10)).Count(j => j.Kind == "test.job"));
    }

    private JobRunner Runner(IJobStore store) => new(store, [handler], new JobSignal(), app.Time,
        Microsoft.Extensions.Options.Options.Create(new SchedulerOptions()), NullLogger<JobRunner>.Instance);

    [Fact]
    public void TwoHandlersForOneKind_FailAtStartUp()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new JobRunner(
            app.Get<IJobStore>(), [handler, new ScriptedHandler()], new JobSignal(), app.Time,
            Microsoft.Extensions.Options.Options.Create(new SchedulerOptions()), NullLogger<JobRunner>.Instance));

        Assert.Contains("test.job", ex.Message, StringComparison.Ordinal);
    }

    private static ScheduledJob Job(string payload, DateTimeOffset due) =>
        ScheduledJob.Create("test.job", null, due, "key-" + payload, due, payload);

    private sealed class ScriptedHandler : IJobHandler
    {
        public IReadOnlyCollection<string> Kinds { get; } = ["test.job"];

        public List<string> Ran { get; } = [];

        public Exception? Throw { get; set; }

        public Action<string>? OnRun { get; set; }

        public Func<string, Task>? OnRunAsync { get; set; }

        public async Task RunAsync(ScheduledJob job, CancellationToken ct)
        {
            if (Throw is not null)
            {
                throw Throw;
            }

            OnRun?.Invoke(job.Payload!);
            if (OnRunAsync is not null)
            {
                await OnRunAsync(job.Payload!);
            }

            lock (Ran)
            {
                Ran.Add(job.Payload!);
            }
        }
    }

    /// <summary>The real store, recording how the runner marks jobs done.</summary>
    private sealed class RecordingJobStore(IJobStore inner) : IJobStore
    {
        public List<int> StartsWithDone { get; } = [];

        public List<int> BulkCompletes { get; } = [];

        public int SingleCompletes { get; private set; }

        public Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default) => inner.EnqueueAsync(jobs, ct);

        public Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default) => inner.ClaimDueAsync(now, leaseUntil, max, ct);

        public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default) => StartAsync(job, leaseUntil, [], ct);

        public async Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
        {
            lock (StartsWithDone)
            {
                StartsWithDone.Add(done.Count);
            }

            var started = await inner.StartAsync(job, leaseUntil, done, ct);
            if (done.Count > 0)
            {
                Marked.TrySetResult();
            }

            return started;
        }

        public Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default)
        {
            SingleCompletes++;
            return inner.CompleteAsync(jobId, now, ct);
        }

        public TaskCompletionSource Marked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task CompleteAsync(IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
        {
            lock (BulkCompletes)
            {
                BulkCompletes.Add(done.Count);
            }

            await inner.CompleteAsync(done, ct);
            Marked.TrySetResult();
        }

        public Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default) => inner.DeferAsync(jobId, reason, until, ct);

        public Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default) => inner.FailAsync(jobId, error, retryAt, now, ct);

        public Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default) => inner.CancelAsync(handoffId, kindPrefix, ct);

        public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default) => inner.NextDueAtAsync(ct);

        public Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default) => inner.ListAsync(status, handoffId, limit, ct);
    }
}
