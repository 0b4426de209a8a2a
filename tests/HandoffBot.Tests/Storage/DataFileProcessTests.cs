using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// One process per data file, with real processes of the built bot: a second bot, an import or a
/// backup on the file of a running bot; kill -9; a damaged file at start-up.
/// </summary>
public sealed class DataFileProcessTests : IDisposable
{
    /// <summary>Exit code of a process refused because another one holds the data file.</summary>
    private const int InUse = 3;

    /// <summary>Exit code when the data file is damaged.</summary>
    private const int Damaged = 4;

    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(90);

    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-proc").FullName;

    private string DbPath => Path.Combine(folder, "handoffbot.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a killed process may still be releasing a file; the temp folder is cleaned later
        }
    }

    [Fact]
    public async Task SecondBot_OnTheSameFile_IsRefusedNamingTheHolder_FirstKeepsWorking()
    {
        await using var first = BotProcess.Start(DbPath);
        await first.ListeningAsync();
        Assert.Equal(HttpStatusCode.Created, (await first.PostDealAsync(Deals.Minimal("CRM-FIRST-1").ToJsonString())).StatusCode);

        await using var second = BotProcess.Start(DbPath);
        var code = await second.ExitCodeAsync(ExitWithin);

        Assert.True(code == InUse, $"exit code {code?.ToString() ?? "none (still running)"}\n{second.Error}\n{second.Output}");
        Assert.Contains(DbPath, second.Error, StringComparison.Ordinal);
        Assert.Contains($"pid {first.Id}", second.Error, StringComparison.Ordinal);
        AssertNoStackTrace(second);

        Assert.Equal(HttpStatusCode.Created, (await first.PostDealAsync(Deals.Minimal("CRM-FIRST-2").ToJsonString())).StatusCode);
        Assert.Equal(["CRM-FIRST-1", "CRM-FIRST-2"], await CrmIdsAsync(first));
    }

    [Fact]
    public async Task Import_WhileTheBotRuns_IsRefused_NothingImported()
    {
        await using var bot = BotProcess.Start(DbPath);
        await bot.ListeningAsync();
        var csv = Path.Combine(folder, "deals.csv");
        await File.WriteAllTextAsync(csv, "crmId,accountName,arr,currency,closeDate,aeEmail\nCRM-CSV-1,Acme,1000,USD,2026-10-30,avery.ae@example.com\n");

        await using var import = BotProcess.Start(DbPath, "import", csv);
        var code = await import.ExitCodeAsync(ExitWithin);

        Assert.True(code == InUse, $"exit code {code?.ToString() ?? "none"}\n{import.Error}\n{import.Output}");
        Assert.Contains($"pid {bot.Id}", import.Error, StringComparison.Ordinal);
        Assert.Contains("import", import.Error, StringComparison.Ordinal);
        AssertNoStackTrace(import);
        Assert.Empty(await CrmIdsAsync(bot));
    }

    [Fact]
    public async Task Import_WithTheBotStopped_Imports_ClosesTheFileCleanly_ThenTheBotHasTheDeals()
    {
        var csv = Path.Combine(folder, "deals.csv");
        await File.WriteAllTextAsync(csv, "crmId,accountName,arr,currency,closeDate,aeEmail\nCRM-CSV-1,Acme,1000,USD,2026-10-30,avery.ae@example.com\ncrm-csv-1,Globex,2000,USD,2026-10-30,avery.ae@example.com\n");

        await using (var import = BotProcess.Start(DbPath, "import", csv))
        {
            var code = await import.ExitCodeAsync(ExitWithin);
            Assert.True(code == 0, $"exit code {code?.ToString() ?? "none"}\n{import.Error}\n{import.Output}");
            Assert.Contains("2 created", import.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(folder, "handoffbot-log.db")), "LiteDB's log was merged into the file at exit");
        Assert.False(File.Exists(DbPath + ".lock.json"), "the holder description went with the lock");
        await using var bot = BotProcess.Start(DbPath);
        await bot.ListeningAsync();
        Assert.Equal(["CRM-CSV-1", "crm-csv-1"], await CrmIdsAsync(bot));
    }

    [Fact]
    public async Task Backup_WhileTheBotRunsAndTakesDeals_WritesAConsistentCopyWithEveryHandoff()
    {
        await using var bot = BotProcess.Start(DbPath);
        await bot.ListeningAsync();
        var before = Enumerable.Range(1, 20).Select(i => $"CRM-BEFORE-{i}").ToList();
        foreach (var crmId in before)
        {
            Assert.Equal(HttpStatusCode.Created, (await bot.PostDealAsync(Deals.Complete(crmId).ToJsonString())).StatusCode);
        }

        // Deals keep arriving while the backup runs.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var response = await bot.PostDealAsync(Deals.Complete($"CRM-DURING-{++n}").ToJsonString());
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            }

            return n;
        });
        var destination = Path.Combine(folder, "backups", "copy.db");
        await using var backup = BotProcess.Start(DbPath, "backup", destination);
        var code = await backup.ExitCodeAsync(ExitWithin);
        await stop.CancelAsync();
        var during = await writer;

        Assert.True(code == 0, $"exit code {code?.ToString() ?? "none"}\n{backup.Error}\n{backup.Output}");
        Assert.Contains(destination, backup.Output, StringComparison.Ordinal);
        Assert.True(during > 0);

        // The copy opens on its own, holds every deal taken in before the backup, and each handoff reads whole.
        await bot.KillAsync();
        await using var restored = BotProcess.Start(destination);
        await restored.ListeningAsync();
        var crmIds = await CrmIdsAsync(restored);
        Assert.Superset(before.ToHashSet(), crmIds.ToHashSet());
        Assert.Contains($"{crmIds.Count} handoffs", backup.Output, StringComparison.Ordinal);
        using var admin = restored.Client(admin: true);
        foreach (var summary in await SummariesAsync(restored))
        {
            var detail = await admin.GetFromJsonAsync<JsonObject>($"/api/handoffs/{summary["id"]!.GetValue<string>()}");
            Assert.Equal(summary["crmId"]!.GetValue<string>(), detail!["deal"]!["crmId"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task KillNine_TheHolder_ThenStartAgain_TheOsReleasedTheLock_NothingLost()
    {
        var crmIds = Enumerable.Range(1, 10).Select(i => $"CRM-KILL-{i}").ToList();
        await using (var first = BotProcess.Start(DbPath))
        {
            await first.ListeningAsync();
            foreach (var crmId in crmIds)
            {
                Assert.Equal(HttpStatusCode.Created, (await first.PostDealAsync(Deals.Complete(crmId).ToJsonString())).StatusCode);
            }

            await first.KillAsync();
        }

        await using var second = BotProcess.Start(DbPath);
        await second.ListeningAsync();

        Assert.Equal(crmIds.Order(StringComparer.Ordinal), await CrmIdsAsync(second));
    }

    [Fact]
    public async Task DamagedFile_IsRefusedAtStartWithTheWayOut_RepairRecoversEveryHandoff()
    {
        var crmIds = Enumerable.Range(1, 30).Select(i => $"CRM-DMG-{i}").ToList();
        await using (var bot = BotProcess.Start(DbPath))
        {
            await bot.ListeningAsync();
            foreach (var crmId in crmIds)
            {
                Assert.Equal(HttpStatusCode.Created, (await bot.PostDealAsync(Deals.Complete(crmId).ToJsonString())).StatusCode);
            }
        }

        DataFileDamage.BreakAnIndexPage(DbPath, "handoffs");

        await using (var refused = BotProcess.Start(DbPath))
        {
            var code = await refused.ExitCodeAsync(ExitWithin);
            Assert.True(code == Damaged, $"exit code {code?.ToString() ?? "none (it started)"}\n{refused.Error}\n{refused.Output}");
            Assert.Contains(DbPath, refused.Error, StringComparison.Ordinal);
            Assert.Contains("repair", refused.Error, StringComparison.Ordinal);
            AssertNoStackTrace(refused);
        }

        await using (var repair = BotProcess.Start(DbPath, "repair"))
        {
            var code = await repair.ExitCodeAsync(ExitWithin);
            Assert.True(code == 0, $"exit code {code?.ToString() ?? "none"}\n{repair.Error}\n{repair.Output}");
            Assert.Contains("handoffs: 30 before, 30 after", repair.Output, StringComparison.Ordinal);
        }

        await using var again = BotProcess.Start(DbPath);
        await again.ListeningAsync();
        Assert.Equal(crmIds.Order(StringComparer.Ordinal), await CrmIdsAsync(again));
    }

    [Fact]
    public async Task FileLockingSwitchedOff_TheBotRefusesToStart()
    {
        await using var bot = BotProcess.Start(DbPath, new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" });
        var code = await bot.ExitCodeAsync(ExitWithin);

        Assert.True(code == 5, $"exit code {code?.ToString() ?? "none (it started)"}\n{bot.Error}\n{bot.Output}");
        Assert.Contains("DOTNET_SYSTEM_IO_DISABLEFILELOCKING", bot.Error, StringComparison.Ordinal);
        AssertNoStackTrace(bot);
    }

    private static void AssertNoStackTrace(BotProcess process)
    {
        var all = process.Error + process.Output;
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
    }

    private static async Task<List<JsonObject>> SummariesAsync(BotProcess bot)
    {
        using var admin = bot.Client(admin: true);
        var list = await admin.GetFromJsonAsync<JsonArray>("/api/handoffs?limit=10000");
        return [.. list!.Select(n => n!.AsObject())];
    }

    private static async Task<List<string>> CrmIdsAsync(BotProcess bot) =>
        [.. (await SummariesAsync(bot)).Select(s => s["crmId"]!.GetValue<string>()).Order(StringComparer.Ordinal)];
}
