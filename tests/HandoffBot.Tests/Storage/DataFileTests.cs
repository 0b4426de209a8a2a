using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Options;
using HandoffBot.Storage;
using HandoffBot.Storage.DataFile;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Storage;

/// <summary>The data file's lock, integrity check, backup, repair and restore, in this process.</summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-datafile").FullName;

    private string DbPath => Path.Combine(folder, "handoffbot.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Lock_ASecondOpen_IsRefusedNamingTheHolder_UntilTheFirstLetsGo()
    {
        using (var first = Open())
        {
            var refused = Assert.Throws<DataFileInUseException>(Open);

            Assert.Equal(Environment.ProcessId, refused.Holder!.Pid);
            Assert.Equal(Environment.MachineName, refused.Holder.Host);
            Assert.Contains(DbPath, refused.Message, StringComparison.Ordinal);
            Assert.Contains($"pid {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
            Assert.Equal(DataFileInUseException.Code, refused.ExitCode);
            Assert.True(File.Exists(DataFileLock.HolderPathFor(DbPath)));
        }

        Assert.False(File.Exists(DataFileLock.HolderPathFor(DbPath)));
        using var again = Open();
        Assert.True(again.IsReachable());
    }

    [Fact]
    public async Task Lock_TwoAppsOnOneFile_TheSecondDoesNotStart()
    {
        using var first = new HandoffBotApp(DbPath);
        _ = first.Services;
        using var second = new HandoffBotApp(DbPath);

        var refused = Assert.Throws<DataFileInUseException>(() => second.Get<IHandoffStore>());

        Assert.Equal(Environment.ProcessId, refused.Holder!.Pid);
        Assert.Equal(HttpStatusCode.Created, (await first.PostDealAsync(Deals.Minimal().ToJsonString())).StatusCode);
    }

    [Fact]
    public void Open_AFileLiteDbMarkedInvalid_IsRefusedAsDamaged_AndLetGo()
    {
        using (Open())
        {
        }

        using (var file = new FileStream(DbPath, FileMode.Open, FileAccess.Write))
        {
            file.Position = 191;
            file.WriteByte(1);
        }

        var damaged = Assert.Throws<DataFileDamagedException>(Open);

        Assert.Contains("marked it invalid", damaged.Message, StringComparison.Ordinal);
        Assert.Contains("repair", damaged.Message, StringComparison.Ordinal);
        Assert.Equal(DataFileDamagedException.Code, damaged.ExitCode);
        Assert.Throws<DataFileDamagedException>(Open); // the lock was let go: refused for the same reason, not "in use"
    }

    [Fact]
    public void Open_NotALiteDbFile_IsRefusedAsDamaged()
    {
        File.WriteAllBytes(DbPath, [.. Enumerable.Range(0, 40_000).Select(i => (byte)(i * 7))]);

        var damaged = Assert.Throws<DataFileDamagedException>(Open);

        Assert.Contains(DbPath, damaged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_ByTheHolder_IsACheckedCopy_NeverOverwrites()
    {
        using var app = new HandoffBotApp(DbPath);
        foreach (var i in Enumerable.Range(1, 5))
        {
            await app.PostDealAsync(Deals.Complete($"CRM-{i}").ToJsonString());
        }

        var destination = Path.Combine(folder, "copies", "one.db");
        var result = DataFileBackup.Write(app.Get<LiteDbContext>(), destination);

        Assert.Equal(5, result.Contents.CountOf("handoffs"));
        Assert.Equal(result.Contents.Collections, DataFileIntegrity.CheckCopy(destination).Collections);
        Assert.Contains("5 handoffs", result.Describe(), StringComparison.Ordinal);
        Assert.Throws<IOException>(() => DataFileBackup.Write(app.Get<LiteDbContext>(), destination));
        Assert.False(File.Exists(destination + ".partial"));
    }

    [Fact]
    public async Task BackupEndpoint_NeedsTheAdminKey_AndStreamsACopyThatOpens()
    {
        using var app = new HandoffBotApp(DbPath);
        foreach (var i in Enumerable.Range(1, 3))
        {
            await app.PostDealAsync(Deals.Complete($"CRM-{i}").ToJsonString());
        }

        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(StorageEndpoints.BackupRoute, null)).StatusCode);

        using var admin = app.AdminClient();
        using var response = await admin.PostAsync(StorageEndpoints.BackupRoute, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var counts = DataFileBackup.Parse(response.Headers.GetValues(StorageEndpoints.CountsHeader).Single())!;
        var copy = Path.Combine(folder, "received.db");
        await File.WriteAllBytesAsync(copy, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(3, counts.Single(c => c.Collection == "handoffs").Documents);
        Assert.Equal(counts, DataFileBackup.Verify(copy, counts).Collections);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public async Task Repair_ADataPageLost_RebuildsWhatReads_ReportsWhatIsGoneByHandoffId()
    {
        using (var app = new HandoffBotApp(DbPath))
        {
            foreach (var i in Enumerable.Range(1, 40))
            {
                await app.PostDealAsync(Deals.Complete($"CRM-{i}").ToJsonString());
            }
        }

        DataFileDamage.BreakADataPage(DbPath, "handoffs");
        Assert.Throws<DataFileDamagedException>(Open);

        var report = DataFileRepair.Run(DbPath, new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero)));

        Assert.False(report.Complete);
        Assert.Equal(40, report.Before["handoffs"]);
        Assert.InRange(report.After.CountOf("handoffs"), 1, 39);
        Assert.NotEmpty(report.Errors);
        Assert.Equal(40 - report.After.CountOf("handoffs"), report.MissingHandoffs.Count);
        Assert.True(File.Exists(report.DamagedCopy));
        Assert.Contains("handoffs: 40 before", report.Describe(), StringComparison.Ordinal);
        Assert.Contains(report.MissingHandoffs[0], report.Describe(), StringComparison.Ordinal);

        using var repaired = new HandoffBotApp(DbPath);
        var store = repaired.Get<IHandoffStore>();
        Assert.Equal(report.After.CountOf("handoffs"), (await store.QueryAsync(new HandoffQuery(Limit: 100))).Count);
        Assert.Null(await store.GetAsync(report.MissingHandoffs[0]));
    }

    [Fact]
    public void Repair_AndMigration_OfCollectionsLargerThanLiteDbsOwnRebuildTakes_KeepEveryDocument()
    {
        // LiteDB 5.0.19–5.0.21's Rebuild fails above 2,550 documents in an indexed collection (litedb-org/LiteDB#2827).
        const int Jobs = 6000;
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = DbPath, Collation = new LiteDB.Collation(127, System.Globalization.CompareOptions.IgnoreCase) }))
        {
            var jobs = raw.GetCollection("jobs");
            jobs.EnsureIndex("key", unique: true);
            jobs.EnsureIndex("status");
            jobs.InsertBulk(Enumerable.Range(0, Jobs).Select(i => new LiteDB.BsonDocument { ["_id"] = $"job-{i}", ["key"] = $"HO-{i % 97}:notify:Key{i}", ["status"] = "Pending" }));
        }

        using (var migrated = Open())
        {
            Assert.Equal(Jobs, migrated.OpenedWith.CountOf("jobs"));
            Assert.Equal(LiteDB.Collation.Binary.ToString(), migrated.Database.Pragma("COLLATION").AsString);
        }

        DataFileDamage.BreakAnIndexPage(DbPath, "jobs");
        var report = DataFileRepair.Run(DbPath, TimeProvider.System);

        Assert.True(report.Complete, report.Describe());
        Assert.Equal(Jobs, report.After.CountOf("jobs"));
        using var repaired = Open();
        Assert.Equal(Jobs, repaired.Jobs.LongCount());
    }

    [Fact]
    public void Repair_AFileThatIsNotLiteDb_IsRefusedWithTheWayOut_NothingMoved()
    {
        var garbage = Enumerable.Range(0, 40_000).Select(i => (byte)(i * 13)).ToArray();
        File.WriteAllBytes(DbPath, garbage);

        var refused = Assert.Throws<DataFileDamagedException>(() => DataFileRepair.Run(DbPath, TimeProvider.System));

        Assert.Contains("restore", refused.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(DbPath));
        Assert.Equal([DbPath], Directory.GetFiles(folder));
    }

    [Fact]
    public async Task Restore_PutsTheBackupInPlace_KeepsTheReplacedFileAndItsLogAside()
    {
        var backup = Path.Combine(folder, "backup.db");
        using (var app = new HandoffBotApp(DbPath))
        {
            await app.PostDealAsync(Deals.Minimal("CRM-KEPT").ToJsonString());
            DataFileBackup.Write(app.Get<LiteDbContext>(), backup);
            await app.PostDealAsync(Deals.Minimal("CRM-AFTER").ToJsonString());
        }

        File.WriteAllText(DataFileRepair.LogFile(DbPath), "a stale log from another file");
        using (var held = DataFileLock.Acquire(DbPath, TimeProvider.System))
        {
            var result = DataFileRestore.Run(DbPath, backup, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            Assert.Equal(1, result.Restored.CountOf("handoffs"));
            Assert.True(File.Exists(result.Replaced));
            Assert.True(File.Exists(result.Replaced + "-log"));
            Assert.False(File.Exists(DataFileRepair.LogFile(DbPath)));
        }

        using var restored = new HandoffBotApp(DbPath);
        Assert.NotNull(await restored.Get<IHandoffStore>().FindByCrmIdAsync("CRM-KEPT"));
        Assert.Null(await restored.Get<IHandoffStore>().FindByCrmIdAsync("CRM-AFTER"));
    }

    [Fact]
    public async Task Store_ADocumentOverLiteDbsLimit_IsADomainRefusal_NothingSaved()
    {
        using var app = new HandoffBotApp(DbPath);
        var service = app.Get<HandoffService>();
        var clock = await service.ClockAsync();
        var deal = new Deal { CrmId = "CRM-HUGE", AccountName = "Huge", Currency = "USD", CloseDate = new DateOnly(2026, 10, 30), AeEmail = Deals.Ae };
        var handoff = Handoff.Open("HO-HUGE001", deal, DealContext.Empty, [new Note("n-1", null, null, new string('x', 17_000_000))], [],
            "Enterprise", new Routing(Deals.Ae, OwnerRole.AccountExecutive, Deals.CsLead), [], clock, new SourceLimit(20_000_000), out _);

        var refused = await Assert.ThrowsAsync<HandoffTooLargeException>(() => app.Get<IHandoffStore>().SaveAsync(handoff, []));

        Assert.Equal("too-large", refused.Code);
        Assert.Null(await app.Get<IHandoffStore>().GetAsync("HO-HUGE001"));
        Assert.Equal(HttpStatusCode.Created, (await app.PostDealAsync(Deals.Minimal().ToJsonString())).StatusCode);
    }

    [Fact]
    public async Task Intake_AtTheHighestCapWithTextThatStoresLarge_IsRefusedWith422_NeverA500()
    {
        using var app = new HandoffBotApp(DbPath, settings: new Dictionary<string, string?>
        {
            ["Intake:MaxSourceCharsPerDeal"] = "4000000",
            ["Intake:MaxBodyBytes"] = "16777216",
        });
        var deal = Deals.Minimal("CRM-FULL");
        var response = await app.PostDealAsync(deal.ToJsonString());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        // Control characters are stored escaped (six bytes each): three notes of a million of them
        // fit the cap in characters but not a LiteDB document; the store's guard answers first.
        var statuses = new List<HttpStatusCode>();
        JsonObject? problem = null;
        for (var i = 0; i < 4; i++)
        {
            deal["notes"] = new JsonArray(new JsonObject { ["id"] = $"ctl-{i}", ["text"] = "a" + new string('\u0001', 1_000_000) + "z" });
            var answer = await app.PostDealAsync(deal.ToJsonString());
            statuses.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                problem = await answer.Content.ReadFromJsonAsync<JsonObject>();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity], statuses);
        Assert.Contains("16,000,000", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await app.Get<IHandoffStore>().GetAsync(id))!.Notes.Count);
    }

    private LiteDbContext Open() =>
        new(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = DbPath }));
}
