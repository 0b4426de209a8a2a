using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Timing;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>The admin endpoints of the timing area, the signed links the cards carry, and the preview CLI.</summary>
public sealed class TimingEndpointTests : IDisposable
{
    private readonly TimingWorld world = new();

    public void Dispose() => world.Dispose();

    [Fact]
    public async Task Preview_Enterprise_ListsEveryClockInLocalTime()
    {
        using var admin = world.App.AdminClient();

        var timeline = await admin.GetFromJsonAsync<JsonObject>("/api/playbook/preview?segment=Enterprise&closed=2026-11-02&tz=Europe/Berlin");

        var entries = timeline!["entries"]!.AsArray().Select(e => (Local: e!["local"]!.GetValue<DateTime>(), What: e["what"]!.GetValue<string>(), Stage: e["stage"]!.GetValue<string>())).ToList();
        Assert.Equal("Europe/Berlin", timeline["timeZone"]!.GetValue<string>());
        Assert.Equal(new DateTime(2026, 11, 2, 9, 0, 0), entries[0].Local);
        Assert.Contains(entries, e => e.Stage == "CS review" && e.What.StartsWith("clock starts; due Thu 2026-11-05 11:00", StringComparison.Ordinal)); // 24h capture ends Wed 17:00, then 2h
        Assert.Contains(entries, e => e.What == "reminder at 50%");
        Assert.Contains(entries, e => e.What.StartsWith("escalation if still open", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.What.StartsWith("warm-intro thread posted", StringComparison.Ordinal));
        Assert.Equal(3, entries.Count(e => e.What.StartsWith("proposed kickoff slot", StringComparison.Ordinal)));
        Assert.Equal(3, entries.Count(e => e.What.EndsWith("post-sale poll", StringComparison.Ordinal)));
        Assert.All(entries.Where(e => e.What.EndsWith("post-sale poll", StringComparison.Ordinal)), e => Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(e.Local)));
        var digest = Assert.Single(entries, e => e.What.StartsWith("first weekly digest", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2026, 11, 9, 8, 0, 0), digest.Local);
    }

    [Theory]
    [InlineData("segment=Nope&closed=2026-11-02", "segment")]
    [InlineData("segment=SMB&closed=02/11/2026", "closed")]
    [InlineData("segment=SMB&closed=2026-11-02&tz=Mars/Olympus", "tz")]
    [InlineData("segment=SMB&closed=2026-11-02&at=25:00", "at")]
    public async Task Preview_BadInput_Is400NamingTheField(string query, string field)
    {
        using var admin = world.App.AdminClient();

        var response = await admin.GetAsync("/api/playbook/preview?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field));
    }

    [Fact]
    public async Task Cli_PlaybookPreview_PrintsTheTimeline_BadArgsExit2()
    {
        var cli = world.App.Get<CliRunner>();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var ok = await cli.RunAsync(["playbook", "preview", "--segment", "SMB", "--closed", "2026-11-02", "--tz", "America/Chicago"], output, error, CancellationToken.None);
        var bad = await cli.RunAsync(["playbook", "preview", "--segment", "SMB"], TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(0, ok);
        Assert.Contains("Mon 2026-11-02 09:00  Intake", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("day-30 post-sale poll", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, bad);
        Assert.Contains("--closed", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NeedTheAdminKey_AndCountWhatHappened()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        await world.App.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);
        await world.App.Get<HandoffService>().AcceptAsync(id, Deals.Csm);
        using var anonymous = world.App.CreateClient();
        using var admin = world.App.AdminClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/metrics")).StatusCode);
        var metrics = await admin.GetFromJsonAsync<JsonObject>("/api/metrics");
        Assert.Equal(1, metrics!["overall"]!["handoffs"]!.GetValue<int>());
        Assert.Equal(100, metrics["overall"]!["medianCompleteness"]!.GetValue<double>());
        Assert.Equal(Deals.Ae, metrics["byAe"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("Enterprise", metrics["bySegment"]![0]!["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/metrics?closedFrom=yesterday")).StatusCode);
    }

    [Fact]
    public async Task Digest_OnDemand_HasAChartBehindASignedLink()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await service.AcceptAsync(id, Deals.Csm);
        world.Time.Advance(TimeSpan.FromDays(1));
        using var admin = world.App.AdminClient();

        var digest = await admin.GetFromJsonAsync<JsonObject>("/api/digest?from=2026-10-27&to=2026-11-02&tz=America/New_York");

        Assert.Equal(1, digest!["handoffCount"]!.GetValue<int>());
        var chartUrl = digest["chartUrl"]!.GetValue<string>();
        using var browser = world.App.CreateClient();
        var png = await browser.GetAsync(new Uri(chartUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(new Uri(chartUrl).PathAndQuery.Replace("sig=", "sig=0", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/digest?from=2026-11-10&to=2026-11-01")).StatusCode);
    }

    [Fact]
    public async Task IcsLink_FromTheWarmIntro_IsAnInviteForTheProposedSlot_ForgedOrExpiredRefused()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await service.AcceptAsync(id, Deals.Csm);
        await service.ConfirmSyncAsync(id, Deals.Ae, SyncMode.Meeting);
        await service.ConfirmSyncAsync(id, Deals.Csm, SyncMode.Async);
        await world.RunForAsync(TimeSpan.FromHours(4));
        var intro = (WarmIntroNotification)world.Of<WarmIntroNotification>()[0].Delivery.Notification;
        using var browser = world.App.CreateClient();
        var path = new Uri(intro.IcsUrl!).PathAndQuery;

        var response = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.Contains("BEGIN:VEVENT", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Kickoff: Acme Logistics", ics, StringComparison.Ordinal);
        Assert.Contains($"DTSTART:{intro.KickoffSlots[0].UtcDateTime:yyyyMMdd'T'HHmmss}Z", ics, StringComparison.Ordinal);
        Assert.Contains("mailto:casey.csm@example.com", ics, StringComparison.Ordinal);
        // The slot is signed: another slot on this link is a forgery, a link issued for that slot is not.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path.Replace("slot=0", "slot=2", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path.Replace("slot=0", "slot=9", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path.Replace("slot=0&", "", StringComparison.Ordinal).Replace("?", "?slot=1&", StringComparison.Ordinal))).StatusCode);
        var third = new Uri(world.App.Get<IPublicLinks>().Ics(id, 2)!).PathAndQuery;
        Assert.Contains($"DTSTART:{intro.KickoffSlots[2].UtcDateTime:yyyyMMdd'T'HHmmss}Z", await browser.GetStringAsync(third), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(new Uri(world.App.Get<IPublicLinks>().Ics(id, 9)!).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path.Replace($"/ics/{id}", "/ics/HO-ZZZZZZZ", StringComparison.Ordinal))).StatusCode);
        await service.MarkIntroSentAsync(id, Deals.Ae); // the link in the card keeps meaning the same slot afterwards
        Assert.Contains($"DTSTART:{intro.KickoffSlots[0].UtcDateTime:yyyyMMdd'T'HHmmss}Z", await browser.GetStringAsync(path), StringComparison.Ordinal);
        world.Time.Advance(TimeSpan.FromDays(91));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task IcsLink_SignedBeforeTheSlotWasSigned_StillOpensSlot0UntilItExpires_NeverAnotherSlot()
    {
        // Links in cards already sent were signed over the handoff id and expiry only, and the bot only ever issued them for slot 0.
        const string Key = "legacy-link-key";
        using var legacy = new TimingWorld(new Dictionary<string, string?> { ["Timing:LinkSigningKey"] = Key });
        var id = await legacy.PostDealAsync(Deals.Complete());
        var exp = legacy.Time.GetUtcNow().AddDays(90).ToUnixTimeSeconds();
        var sig = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Key), System.Text.Encoding.UTF8.GetBytes($"ics:{id}:{exp}")));
        using var browser = legacy.App.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/links/ics/{id}?slot=0&exp={exp}&sig={sig}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/links/ics/{id}?exp={exp}&sig={sig}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/links/ics/{id}?slot=1&exp={exp}&sig={sig}")).StatusCode);
        legacy.Time.Advance(TimeSpan.FromDays(91));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/links/ics/{id}?slot=0&exp={exp}&sig={sig}")).StatusCode);
    }
}
