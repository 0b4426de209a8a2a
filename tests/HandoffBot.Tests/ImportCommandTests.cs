using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

public sealed class ImportCommandTests : IDisposable
{
    private const string Header = "crmId,accountName,arr,currency,segment,closeDate,aeEmail,csmEmail,customerTimeZone,goals,notes\n";
    private readonly HandoffBotApp app = new();
    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-import").FullName;

    public void Dispose()
    {
        app.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Import_GoodRows_CreatesHandoffsAndExitsZero()
    {
        var file = Write(Header +
            "CRM-1,Acme,120000,USD,Enterprise,2026-10-30,avery.ae@example.com,casey.csm@example.com,America/Chicago,Cut late deliveries;Fewer calls,\"Dana, VP Ops, is the champion\"\n" +
            "CRM-2,Globex,30000,EUR,,2026-10-31,avery.ae@example.com,,,,\n");

        var (code, output, _) = await RunAsync("import", file);

        Assert.Equal(0, code);
        Assert.Contains("2 created, 0 updated, 0 failed", output, StringComparison.Ordinal);
        var acme = await app.Get<IHandoffStore>().FindByCrmIdAsync("CRM-1");
        Assert.Equal(["Cut late deliveries", "Fewer calls"], acme!.Context.Goals);
        Assert.Equal("Dana, VP Ops, is the champion", Assert.Single(acme.Notes).Text);
        Assert.Equal("Mid-Market", (await app.Get<IHandoffStore>().FindByCrmIdAsync("CRM-2"))!.Segment);
    }

    [Fact]
    public async Task Import_BadRows_ReportsLineAndReason_ImportsTheRest_ExitsNonZero()
    {
        var file = Write(Header +
            "CRM-1,Acme,120000,USD,Enterprise,2026-10-30,avery.ae@example.com,,,,\n" +
            "CRM-2,Globex,lots,USD,,2026-10-31,avery.ae@example.com,,,,\n" +
            ",Initech,1000,USD,,30/10/2026,nobody,,,,\n");

        var (code, output, error) = await RunAsync("import", file);

        Assert.Equal(1, code);
        Assert.Contains("1 created, 0 updated, 2 failed", output, StringComparison.Ordinal);
        Assert.Contains("line 3: arr:", error, StringComparison.Ordinal);
        Assert.Contains("line 4: crmId: Required.", error, StringComparison.Ordinal);
        Assert.Contains("line 4: closeDate:", error, StringComparison.Ordinal);
        Assert.Contains("line 4: aeEmail:", error, StringComparison.Ordinal);
        Assert.NotNull(await app.Get<IHandoffStore>().FindByCrmIdAsync("CRM-1"));
    }

    [Fact]
    public async Task Import_Twice_IsIdempotent()
    {
        var file = Write(Header + "CRM-1,Acme,120000,USD,Enterprise,2026-10-30,avery.ae@example.com,,,,\n");

        await RunAsync("import", file);
        var (code, output, _) = await RunAsync("import", file);

        Assert.Equal(0, code);
        Assert.Contains("0 created, 1 updated, 0 failed", output, StringComparison.Ordinal);
        Assert.Single(await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery()));
    }

    [Fact]
    public async Task Import_MissingFileOrArguments_ExitsTwoWithUsage()
    {
        var (missing, _, error) = await RunAsync("import", Path.Combine(folder, "nope.csv"));
        var (noArgs, _, usage) = await RunAsync("import");
        var (unknown, _, help) = await RunAsync("frobnicate");

        Assert.Equal(2, missing);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
        Assert.Equal(2, noArgs);
        Assert.Contains("Usage: import", usage, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Contains("import <deals.csv>", help, StringComparison.Ordinal);
    }

    private string Write(string csv)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, csv);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await app.Get<CliRunner>().RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
