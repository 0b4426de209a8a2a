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

        public Task RunAsync(ScheduledJob job, CancellationToken ct)
        {
            if (Throw is not null)
            {
                throw Throw;
            }

            Ran.Add(job.Payload!);
            return Task.CompletedTask;
        }
    }
}
