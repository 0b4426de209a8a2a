using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Data;
using HandoffBot.Core.Application;
using HandoffBot.Core.Metrics;
using HandoffBot.Tests.Support;
using HandoffBot.Timing;

namespace HandoffBot.Tests.Cards;

/// <summary>The digest's lead: completeness at handoff against early churn, in one line, a chart and the numbers behind it.</summary>
public sealed class DigestCardTests
{
    [Theory]
    [InlineData(3, 7, 1, 9, "Deals handed off under 80% complete churned 3.9× as often within 180 days (3 of 7 vs 1 of 9).")]
    [InlineData(3, 7, 0, 5, "Deals handed off under 80% complete churned; the others did not within 180 days (3 of 7 vs 0 of 5).")]
    [InlineData(1, 10, 1, 10, "Deals handed off under 80% complete churned about as often within 180 days (1 of 10 vs 1 of 10).")]
    [InlineData(1, 10, 4, 10, "Deals handed off under 80% complete churned less often (10% vs 40%) within 180 days (1 of 10 vs 4 of 10).")]
    public void Reading_SaysHowMuchMoreOftenTheLessCompleteDealsChurned(int churnedBelow, int below, int churnedAbove, int above, string expected) =>
        Assert.Equal(expected, DigestCardBuilder.Reading(new CompletenessReading(80, 180, new ChurnRate(churnedBelow, below), new ChurnRate(churnedAbove, above))));

    [Fact]
    public void Reading_WithTooFewKnownOutcomes_SaysSoInsteadOfGuessing() =>
        Assert.StartsWith("Too few handoffs have a known 90-day outcome yet", DigestCardBuilder.Reading(null), StringComparison.Ordinal);

    [Fact]
    public void Csv_OfTheChurnChart_HasEveryBandAeAndSegment()
    {
        var bands = new[] { new CompletenessBand("0–59%", 0, 59, 4, new ChurnRate(1, 3), new ChurnRate(2, 3)) };
        var ae = new ChurnGroup("avery.ae@example.com", 9, 78, new ChurnRate(2, 8), new ChurnRate(3, 6));

        var csv = DigestCharts.Csv(DigestBuilder.ChurnChart(bands, [ae], []));

        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("group,name,handoffs,median completeness at review (%),churned within 90 days,outcome known at 90 days,churned within 180 days,outcome known at 180 days", lines[0]);
        Assert.Equal("completeness band,0–59%,4,,1,3,2,3", lines[1]);
        Assert.Equal("AE,avery.ae@example.com,9,78,2,8,3,6", lines[2]);
    }

    [Fact]
    public async Task Digest_WithHandoffsOldEnoughToJudge_HasTheChurnChart_AndItsNumbersBesideItAsCsv()
    {
        using var world = new TimingWorld();
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await service.AcceptAsync(id, Deals.Csm);
        world.Time.Advance(TimeSpan.FromDays(95));
        using var admin = world.App.AdminClient();

        var digest = await admin.GetFromJsonAsync<JsonObject>("/api/digest?from=2027-01-25&to=2027-01-31&tz=America/New_York");

        var chart = new Uri(digest!["churnChartUrl"]!.GetValue<string>());
        using var browser = world.App.CreateClient();
        Assert.Equal("image/png", (await browser.GetAsync(chart.PathAndQuery)).Content.Headers.ContentType!.MediaType);
        var numbers = await browser.GetAsync(chart.AbsolutePath.Replace(".png", ".csv", StringComparison.Ordinal) + chart.Query);
        Assert.Equal(HttpStatusCode.OK, numbers.StatusCode);
        Assert.Equal("text/csv", numbers.Content.Headers.ContentType!.MediaType);
        var csv = await numbers.Content.ReadAsStringAsync();
        Assert.Contains("completeness band,90–100%,1,,0,1,0,0", csv, StringComparison.Ordinal); // the one deal: complete, 95 days on, not churned
        Assert.Contains("AE," + Deals.Ae + ",1,", csv, StringComparison.Ordinal);
        var forged = chart.AbsolutePath.Replace(".png", ".csv", StringComparison.Ordinal) + chart.Query.Replace("sig=", "sig=0", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(forged)).StatusCode);
    }
}
