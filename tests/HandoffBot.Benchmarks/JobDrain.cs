using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Scheduling;
using HandoffBot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HandoffBot.Benchmarks;

/// <summary>
/// N jobs due at once in a real LiteDB file, drained by the real runner; each job sends one message
/// through the outbox (idempotency key reserved and confirmed in the file) to a fake platform.
/// </summary>
public sealed class JobDrain : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-bench", Guid.NewGuid().ToString("N"));
    private readonly LiteDbContext db;
    private readonly JobRunner runner;
    private readonly LiteDbJobStore store;

    public JobDrain()
    {
        db = new LiteDbContext(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = Path.Combine(folder, "bench.db") }));
        store = new LiteDbJobStore(db);
        var scheduler = Microsoft.Extensions.Options.Options.Create(new SchedulerOptions { BatchSize = 1000 });
        var outbox = new Outbox(new NotifierRegistry([Notifier]), new LiteDbDeliveryLog(db, NullLogger<LiteDbDeliveryLog>.Instance), TimeProvider.System, new DeliveryPolicy());
        runner = new JobRunner(store, [new SendHandler(outbox)], new JobSignal(), TimeProvider.System, scheduler, NullLogger<JobRunner>.Instance);
    }

    public FakeNotifier Notifier { get; } = new(ChatPlatform.Slack);

    public async Task EnqueueAsync(int count)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-1);
        var jobs = Enumerable.Range(0, count).Select(i => ScheduledJob.Create(SendHandler.Kind, null, now, $"bench:{Guid.NewGuid():N}:{i}", now, $"person{i % 500}@example.com")).ToList();
        await store.EnqueueAsync(jobs);
    }

    public Task<int> DrainAsync() => runner.DrainAsync();

    public void Dispose()
    {
        runner.Dispose();
        db.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private sealed class SendHandler(Outbox outbox) : IJobHandler
    {
        public const string Kind = "bench.send";

        public IReadOnlyCollection<string> Kinds { get; } = [Kind];

        public async Task RunAsync(ScheduledJob job, CancellationToken ct) =>
            await outbox.ToPersonAsync(job.IdempotencyKey, new Person { Email = job.Payload!, Name = "P", Platform = ChatPlatform.Slack }, new TextNotification("Reminder"), ct);
    }
}
