using System.Diagnostics;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Options;
using HandoffBot.Storage;
using HandoffBot.Storage.DataFile;
using LiteDB;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Benchmarks;

/// <summary>
/// `--measure storage [handoffs]`: a big data file (each handoff with a one-hour call transcript,
/// notes and ten jobs), then the cost of what start-up and the storage commands do on it: the
/// integrity pass at opening, a backup while writers wait, the one-time move of a case-insensitive
/// file to ordinal ids, and a repair. Results: docs/benchmarks.md.
/// </summary>
public static class StorageMeasure
{
    public static async Task RunAsync(int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-bench", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "big.db");
        try
        {
            var clock = Stopwatch.StartNew();
            using (var db = Open(path))
            {
                await FillAsync(db, count);
            }

            Console.WriteLine($"filled: {count} handoffs, {new FileInfo(path).Length / 1024 / 1024} MB, in {clock.Elapsed.TotalSeconds:0} s");

            // Opening: lock, LiteDB open, integrity pass over every document and index.
            GC.Collect();
            var before = PeakMb();
            clock.Restart();
            using (var db = Open(path))
            {
                Console.WriteLine($"open + integrity pass: {clock.ElapsedMilliseconds} ms (the pass itself {db.OpenedWith.Took.TotalMilliseconds:0} ms): {db.OpenedWith.Summary()}; peak working set {before} -> {PeakMb()} MB, managed heap now {GC.GetTotalMemory(false) / 1024 / 1024} MB");

                // Backup: how long writers wait (checkpoint + copy), and the whole command (with the check of the copy).
                var writerWait = Stopwatch.StartNew();
                var waited = TimeSpan.Zero;
                var writer = Task.Run(async () =>
                {
                    await Task.Delay(50);
                    var started = Stopwatch.StartNew();
                    await new LiteDbJobStore(db).EnqueueAsync([ScheduledJob.Create("bench.kind", null, DateTimeOffset.UtcNow, "during-backup", DateTimeOffset.UtcNow, null)]);
                    waited = started.Elapsed;
                });
                clock.Restart();
                var backup = DataFileBackup.Write(db, Path.Combine(folder, "copy.db"));
                await writer;
                Console.WriteLine($"backup: {clock.ElapsedMilliseconds} ms in all, {backup.Bytes / 1024 / 1024} MB; a write started during it waited {waited.TotalMilliseconds:0} ms");
            }

            // The one-time move to ordinal ids: the same documents and indexes in a file created the
            // way main created it (LiteDB's default collation: the current culture, invariant here,
            // ignoring case), then opened.
            var old = Path.Combine(folder, "main.db");
            using (var source = new LiteDatabase(new LiteDB.ConnectionString { Filename = path, ReadOnly = true }))
            using (var target = new LiteDatabase(new LiteDB.ConnectionString { Filename = old, Collation = new Collation(127, System.Globalization.CompareOptions.IgnoreCase) }))
            {
                foreach (var index in source.GetCollection("$indexes").FindAll().Where(i => i["name"].AsString != "_id"))
                {
                    target.GetCollection(index["collection"].AsString).EnsureIndex(index["name"].AsString, index["expression"].AsString, index["unique"].AsBoolean);
                }

                foreach (var name in source.GetCollectionNames())
                {
                    target.GetCollection(name).InsertBulk(source.GetCollection(name).FindAll());
                }
            }

            File.Delete(path);
            File.Move(old, path);
            clock.Restart();
            using (var db = Open(path))
            {
                Console.WriteLine($"open + migrate to ordinal ids: {clock.ElapsedMilliseconds} ms: {db.OpenedWith.Summary()}");
            }

            clock.Restart();
            var report = DataFileRepair.Run(path, TimeProvider.System);
            Console.WriteLine($"repair (rebuild of a healthy file): {clock.ElapsedMilliseconds} ms, complete: {report.Complete}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static LiteDbContext Open(string path) =>
        new(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = path }), NullLogger<LiteDbContext>.Instance);

    private static long PeakMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1024 / 1024;
    }

    private static async Task FillAsync(LiteDbContext db, int count)
    {
        var store = new LiteDbHandoffStore(db, new HandoffBot.Core.Metrics.FactsProjection(new HandoffBot.Core.Application.FixedPlaybookProvider(HandoffBot.Core.Playbooks.PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }"))));
        var now = new DateTimeOffset(2026, 1, 5, 14, 0, 0, TimeSpan.Zero);
        var clock = new Clock { Now = now };
        var ae = Actor.Of("ae@example.com", PersonRole.AccountExecutive);
        var transcript = string.Concat(Enumerable.Range(0, 600).Select(i =>
            $"00:{i / 10 % 60:00}:{i % 60:00}.000 --> 00:{i / 10 % 60:00}:{(i % 60) + 1 % 60:00}.000\n<v Speaker {i % 3}>We talked about the rollout to depot {i}, the SSO deadline and who signs off.\n\n"));
        for (var i = 0; i < count; i++)
        {
            clock.Now = now.AddMinutes(30 * i);
            var deal = new Deal { CrmId = $"006Ab{i:D10}xYz", AccountName = $"Account {i}", Currency = "USD", Arr = 10_000 + i, CloseDate = DateOnly.FromDateTime(clock.Now.UtcDateTime), AeEmail = ae.Email, CustomerTimeZone = "UTC" };
            var h = Handoff.Open($"HO-{i:D7}", deal, DealContext.Empty,
                [new Note("n1", ae.Email, clock.Now, "Champion is Dana; budget approved for 250 seats."), new Note("n2", ae.Email, clock.Now, "Ops worried about the December freeze.")],
                [new Transcript("call-1", TranscriptFormat.Vtt, clock.Now, "WEBVTT\n\n" + transcript)],
                "SMB", new Routing(ae.Email, OwnerRole.AccountExecutive, "lead@example.com"), [], clock);
            var jobs = Enumerable.Range(0, 10).Select(j => ScheduledJob.Create("bench.kind", h.Id, clock.Now.AddDays(j), $"{h.Id}:bench:{j}", clock.Now, null)).ToList();
            await store.SaveAsync(h, jobs);
        }
    }

    private sealed class Clock : IStageClock
    {
        public DateTimeOffset Now { get; set; }

        public DateTimeOffset? DueFor(Handoff handoff) => Now.AddDays(2);
    }
}
