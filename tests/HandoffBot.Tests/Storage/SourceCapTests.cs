using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// Notes and transcripts have a total cap per deal: what would go over it is refused with a 422
/// that names the limit, while the deal itself is still taken in or updated.
/// </summary>
public sealed class SourceCapTests : IDisposable
{
    private readonly List<HandoffBotApp> apps = [];

    public void Dispose()
    {
        foreach (var app in apps)
        {
            app.Dispose();
        }
    }

    [Fact]
    public async Task SeventeenUpdates_EachWithA1MbNote_OverTheCapAre422_TheDealKeepsUpdating_Never500()
    {
        var app = App();
        var first = await app.PostDealAsync(Deals.Minimal("CRM-BIG").ToJsonString());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var statuses = new List<HttpStatusCode>();
        JsonObject? lastProblem = null;
        for (var i = 1; i <= 17; i++)
        {
            var deal = Deals.Minimal("CRM-BIG");
            deal["arr"] = 100_000 + i;
            deal["notes"] = new JsonArray(new JsonObject { ["id"] = $"big-{i}", ["text"] = new string('x', 999_000) });
            var response = await app.PostDealAsync(deal.ToJsonString());
            statuses.Add(response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"update {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                lastProblem = await response.Content.ReadFromJsonAsync<JsonObject>();
                Assert.Equal(2_000_000, lastProblem!["limit"]!.GetValue<int>());
                Assert.Contains("2,000,000", lastProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
                Assert.Contains($"big-{i}", lastProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
                var refused = Assert.Single(lastProblem["refused"]!.AsArray());
                Assert.Equal($"big-{i}", refused!["id"]!.GetValue<string>());
                Assert.Equal("note", refused["kind"]!.GetValue<string>());
                Assert.Equal(id, lastProblem["handoff"]!["id"]!.GetValue<string>());
                Assert.Contains("arr", lastProblem["handoff"]!["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(2));
        Assert.All(statuses.Skip(2), s => Assert.Equal(HttpStatusCode.UnprocessableEntity, s));
        Assert.Equal(1_998_000, lastProblem!["stored"]!.GetValue<int>());
        var stored = (await app.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal(["big-1", "big-2"], stored.Notes.Select(n => n.Id));
        Assert.Equal(100_017m, stored.Deal.Arr);

        // The deal itself keeps following the CRM.
        var later = Deals.Minimal("CRM-BIG");
        later["arr"] = 200_000;
        Assert.Equal(HttpStatusCode.OK, (await app.PostDealAsync(later.ToJsonString())).StatusCode);

        // A deal at the cap still reads back whole, at about the size of what it holds.
        using var admin = app.AdminClient();
        var detail = await admin.GetAsync($"/api/handoffs/{id}");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.InRange((await detail.Content.ReadAsByteArrayAsync()).Length, 1_998_000, 2_200_000);
    }

    [Fact]
    public async Task NewDeal_WithSourcesOverTheCap_IsCreated_TheSourceThatDoesNotFitIsRefused()
    {
        var app = App(1000);
        var deal = Deals.Minimal("CRM-NEW");
        deal["notes"] = new JsonArray(
            new JsonObject { ["id"] = "n-1", ["text"] = new string('a', 600) },
            new JsonObject { ["id"] = "n-2", ["text"] = new string('b', 600) });
        deal["transcripts"] = new JsonArray(new JsonObject { ["id"] = "t-1", ["format"] = "text", ["content"] = "AE: short call." });

        var response = await app.PostDealAsync(deal.ToJsonString());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var handoffId = problem!["handoff"]!["id"]!.GetValue<string>();
        Assert.True(problem["handoff"]!["created"]!.GetValue<bool>());
        Assert.Equal($"/api/handoffs/{handoffId}", response.Headers.Location!.OriginalString);
        Assert.Equal("n-2", Assert.Single(problem["refused"]!.AsArray())!["id"]!.GetValue<string>());
        var stored = (await app.Get<IHandoffStore>().GetAsync(handoffId))!;
        Assert.Equal(["n-1"], stored.Notes.Select(n => n.Id));
        Assert.Equal(["t-1"], stored.Transcripts.Select(t => t.Id));
        Assert.Contains(stored.Audit, a => a.Event == "sources.refused" && a.Details!.Contains("n-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CsvImport_NoteOverTheCap_DealImported_NoteRefusedOnItsLine_ExitCodeOne()
    {
        var app = App(1000);
        var folder = Directory.CreateTempSubdirectory("handoffbot-cap").FullName;
        var file = Path.Combine(folder, "deals.csv");
        await File.WriteAllTextAsync(file, "crmId,accountName,arr,currency,closeDate,aeEmail,notes\n" +
            $"CRM-CSV-1,Acme,1000,USD,2026-10-30,{Deals.Ae},{new string('n', 2000)}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await app.Get<CliRunner>().RunAsync(["import", file], output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("CRM-CSV-1", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("line 2: note csv-import refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("1,000", error.ToString(), StringComparison.Ordinal);
        var stored = await app.Get<IHandoffStore>().FindByCrmIdAsync("CRM-CSV-1");
        Assert.NotNull(stored);
        Assert.Empty(stored.Notes);
        Directory.Delete(folder, recursive: true);
    }

    private HandoffBotApp App(int? cap = null)
    {
        var app = new HandoffBotApp(settings: cap is { } c
            ? new Dictionary<string, string?> { ["Intake:MaxSourceCharsPerDeal"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null);
        apps.Add(app);
        return app;
    }
}
