using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Crm.HubSpot;
using HandoffBot.FakeCrm;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Crm;

/// <summary>POST /api/crm/hubspot through HTTP, with the deal read back from the fake HubSpot API over loopback.</summary>
public sealed class HubSpotIntakeTests : IAsyncLifetime
{
    private CrmWorld world = null!;

    public async Task InitializeAsync() => world = await CrmWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Theory]
    [InlineData("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json", 1, 0)]
    [InlineData("hubspot_webhook_dj-hubspot_event_object.json", 1, 0)]
    [InlineData("hubspot_webhook_ballerina_deal_propertyChange.json", 1, 0)]
    [InlineData("hubspot_webhook_ballerina_deal_creation.json", 1, 0)]
    [InlineData("hubspot_webhook_ballerina_deal_associationChange.json", 0, 1)]
    [InlineData("hubspot_webhook_hubspot-api-nodejs_v1_signature_vector.json", 0, 1)]
    public async Task SharedSample_SignedV3_AcknowledgedAndQueuedOrIgnored(string fixture, int queued, int ignored)
    {
        var response = await world.SendAsync(world.SignedHubSpot(CrmWorld.FixtureBytes(fixture)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(queued, answer!["queued"]!.GetValue<int>());
        Assert.Equal(ignored, answer["ignored"]!.GetValue<int>());
        Assert.Equal(queued, world.Jobs.Added);
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task SharedSample_SignedV1OrV2_Acknowledged(string version)
    {
        var response = await world.SendAsync(world.SignedHubSpot(CrmWorld.FixtureBytes("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json"), version));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, world.Jobs.Added);
    }

    [Fact]
    public async Task Forged_Stale_Future_Unsigned_AllRefused401_NothingStored()
    {
        var body = CrmWorld.FixtureBytes("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json");
        var now = world.Time.GetUtcNow();
        var requests = new[]
        {
            world.SignedHubSpot(body, secret: "not-the-secret"),
            world.SignedHubSpot(body, at: now.AddMinutes(-5).AddSeconds(-1)),
            world.SignedHubSpot(body, at: now.AddMinutes(6)),
            world.SignedHubSpot(body, publicUrl: "https://attacker.example"),
            world.SignedHubSpot(body, version: "v1", secret: "not-the-secret"),
            new HttpRequestMessage(HttpMethod.Post, HubSpotEndpoint.Path) { Content = new ByteArrayContent(body) },
        };
        foreach (var request in requests)
        {
            var response = await world.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(0, world.Jobs.Added);
    }

    [Fact]
    public async Task NoClientSecret_EveryRequestRefused()
    {
        await using var closed = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["HubSpot:ClientSecret"] = "" });
        var response = await closed.SendAsync(closed.SignedHubSpot(CrmWorld.FixtureBytes("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("HubSpot__ClientSecret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoPublicUrl_SignedForTheRequestUrl_Accepted()
    {
        await using var direct = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["HubSpot:PublicUrl"] = "" });
        var response = await direct.SendAsync(direct.SignedHubSpot(Encoding.UTF8.GetBytes("[]"), publicUrl: "http://localhost"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task QueryStringWithEscapes_SignedOverHubSpotsDecodedUri_Accepted()
    {
        var response = await world.SendAsync(world.SignedHubSpot(Encoding.UTF8.GetBytes("[]"), pathAndQuery: HubSpotEndpoint.Path + "?tenant=acme%3Aeu&x=a%20b"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("""[{"subscriptionType":"deal.creation","portalId":1}]""")]
    [InlineData("""{"properties":{"dealname":"no id"}}""")]
    [InlineData("""[{"subscriptionType":"deal.creation","subscriptionType":"deal.creation","objectId":697680835}]""")]
    [InlineData("""{"objectId":697680835,"objectId":1,"properties":{}}""")]
    public async Task Unreadable_SignedBody_400ProblemAndNothingStored(string body)
    {
        var response = await world.SendAsync(world.SignedHubSpot(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, world.Jobs.Added);
    }

    [Fact]
    public async Task ClosedWonEvent_EndToEnd_HandoffWithEverythingReadFromTheCrmApi()
    {
        var response = await world.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.RunJobsAsync();

        var handoff = await world.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal);
        Assert.NotNull(handoff);
        Assert.Equal("Acme Logistics", handoff.Deal.AccountName);
        Assert.Equal(120000m, handoff.Deal.Arr);
        Assert.Equal("USD", handoff.Deal.Currency);
        Assert.Equal(new DateOnly(2026, 10, 30), handoff.Deal.CloseDate);
        Assert.Equal(Deals.Ae, handoff.Deal.AeEmail);
        Assert.Equal(Deals.Csm, handoff.Deal.CsmEmail);
        Assert.Equal("Enterprise", handoff.Deal.Segment);
        Assert.Equal("America/Chicago", handoff.Deal.CustomerTimeZone);
        Assert.Equal($"https://app.hubspot.com/contacts/{FakeCrmSamples.HubSpotPortal}/record/0-3/{FakeCrmSamples.DefaultPipelineDeal}", handoff.Deal.CrmUrl?.AbsoluteUri);
        Assert.Equal(
            [("Dana Ruiz", StakeholderRole.Champion), ("Lee Park", StakeholderRole.EconomicBuyer), ("Sam Woo", StakeholderRole.Technical)],
            handoff.Context.Stakeholders.Select(s => (s.Name, s.Role)));
        Assert.Equal("dana@acme.example", handoff.Context.Stakeholders[0].Email);
        Assert.Equal("VP Operations", handoff.Context.Stakeholders[0].Title);
        Assert.Equal([("Route Planner", (int?)250), ("Analytics module", 1)], handoff.Context.WhatWasSold.Select(s => (s.Product, s.Seats)));
        Assert.Equal(["Late deliveries below 3% by March", "Dispatchers plan every route in it"], handoff.Context.SuccessCriteria);
        Assert.Contains(handoff.Notes, n => n.Text.StartsWith("Champion is Dana", StringComparison.Ordinal));
        Assert.Contains(world.HubSpot.Calls, c => c.Path == "/crm/v3/owners/222");
    }

    [Fact]
    public async Task CustomPipelineGuidStage_WonByStageMetadata_ArchivedOwnerStillFound()
    {
        // The shared dj-hubspot sample: a custom pipeline's stage id (a GUID), not "closedwon".
        var response = await world.SendAsync(world.SignedHubSpot(CrmWorld.FixtureBytes("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.RunJobsAsync();

        var handoff = await world.HandoffAsync(FakeCrmSamples.CustomPipelineDeal);
        Assert.NotNull(handoff);
        Assert.Equal(Deals.Ae, handoff.Deal.AeEmail);
        Assert.Contains(world.HubSpot.Calls, c => c.Path == "/crm/v3/pipelines/deals");
        Assert.Contains(world.HubSpot.Calls, c => c.Path == "/crm/v3/owners/333" && c.Query.Contains("archived=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StageThatIsNotWon_NoHandoff_AndTheDealIsNotEvenRead()
    {
        await world.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.OpenDeal, "appointmentscheduled", 1_790_000_000_000));
        await world.RunJobsAsync();

        Assert.Null(await world.HandoffAsync(FakeCrmSamples.OpenDeal));
        Assert.DoesNotContain(world.HubSpot.Calls, c => c.Path.StartsWith("/crm/v3/objects/deals/", StringComparison.Ordinal));
        Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Done, null, 100), j => j.Kind == HubSpotDealJob.Kind);
    }

    [Fact]
    public async Task DuplicatesAndOutOfOrderEvents_OneHandoff_OneEffect()
    {
        var won = CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000, eventId: 1, attempt: 0);
        var retried = CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000, eventId: 99, attempt: 3);
        var older = CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "appointmentscheduled", 1_780_000_000_000, eventId: 1);
        var first = await (await world.PostHubSpotAsync(won)).Content.ReadFromJsonAsync<JsonObject>();
        var again = await (await world.PostHubSpotAsync(retried)).Content.ReadFromJsonAsync<JsonObject>();
        await world.PostHubSpotAsync(CrmWorld.Fixture("hubspot_webhook_ballerina_deal_creation.json").Replace("4658499848", FakeCrmSamples.DefaultPipelineDeal, StringComparison.Ordinal).Replace("123456", FakeCrmSamples.HubSpotPortal, StringComparison.Ordinal));
        await world.RunJobsAsync();
        await world.PostHubSpotAsync(older);
        await world.RunJobsAsync();

        Assert.Equal(1, first!["queued"]!.GetValue<int>());
        Assert.Equal(1, again!["duplicates"]!.GetValue<int>());
        var handoff = await world.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal);
        Assert.NotNull(handoff);
        Assert.Single(handoff.Audit, a => a.Event == "handoff.opened");
        Assert.DoesNotContain(handoff.Audit, a => a.Event == "deal.updated");
    }

    [Fact]
    public async Task RateLimitedThenDown_HandoffDelayedInTheJobQueue_NeverLost()
    {
        world.HubSpot.Fail("deals", new CrmFailure(429, "TEN_SECONDLY_ROLLING"));
        world.HubSpot.Fail("deals", new CrmFailure(503));
        await world.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));

        await world.RunJobsAsync();
        var pending = await AdminJobsAsync("pending");
        Assert.Contains("rate limited (TEN_SECONDLY_ROLLING)", pending, StringComparison.Ordinal);
        Assert.Null(await world.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));

        world.Time.Advance(TimeSpan.FromMinutes(1));
        await world.RunJobsAsync();
        Assert.Contains("HTTP 503", await AdminJobsAsync("pending"), StringComparison.Ordinal);

        world.Time.Advance(TimeSpan.FromMinutes(2));
        await world.RunJobsAsync();
        Assert.NotNull(await world.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));
    }

    [Fact]
    public async Task CrmDownLongerThanTheRunnersAttempts_ContinuedAsANewJob_ThenTakenIn()
    {
        await using var slow = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Scheduler:MaxAttempts"] = "2" });
        slow.HubSpot.Fail("deals", new CrmFailure(503));
        slow.HubSpot.Fail("deals", new CrmFailure(503));
        await slow.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        await slow.RunJobsAsync();
        slow.Time.Advance(TimeSpan.FromSeconds(31));
        await slow.RunJobsAsync();

        var store = slow.App.Get<IJobStore>();
        var next = Assert.Single(await store.ListAsync(JobStatus.Pending, null, 100), j => j.Kind == HubSpotDealJob.Kind);
        Assert.Contains("continues job", next.LastError, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", next.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.ListAsync(JobStatus.Failed, null, 100), j => j.Kind == HubSpotDealJob.Kind);

        slow.Time.Advance(TimeSpan.FromHours(1));
        await slow.RunJobsAsync();
        Assert.NotNull(await slow.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));
    }

    [Fact]
    public async Task CrmDownPastRetryForHours_FailsForGood_ListedAsFailed()
    {
        await using var slow = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Scheduler:MaxAttempts"] = "2", ["Crm:RetryForHours"] = "1" });
        for (var i = 0; i < 6; i++)
        {
            slow.HubSpot.Fail("deals", new CrmFailure(503));
        }

        await slow.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        for (var step = 0; step < 6; step++)
        {
            await slow.RunJobsAsync();
            slow.Time.Advance(step % 2 == 0 ? TimeSpan.FromSeconds(31) : TimeSpan.FromHours(1));
        }

        var failed = await slow.App.Get<IJobStore>().ListAsync(JobStatus.Failed, null, 100);
        Assert.Contains(failed, j => j.Kind == HubSpotDealJob.Kind && j.LastError!.Contains("HTTP 503", StringComparison.Ordinal));
        Assert.Null(await slow.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));
    }

    [Fact]
    public async Task DailyLimit_FailsTheAttemptAtOnce_EvenWithRetriesInsideTheCall()
    {
        await using var patient = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["HubSpot:MaxAttempts"] = "5" });
        patient.HubSpot.Fail("deals", new CrmFailure(429, "DAILY"));
        await patient.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        await patient.RunJobsAsync();

        var jobs = await patient.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100);
        Assert.Contains("DAILY", Assert.Single(jobs, j => j.Kind == HubSpotDealJob.Kind).LastError, StringComparison.Ordinal);
        Assert.Single(patient.HubSpot.Calls, c => c.Path.StartsWith("/crm/v3/objects/deals/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoAccessToken_EventKept_AttemptSaysWhichSettingIsMissing()
    {
        await using var noToken = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["HubSpot:AccessToken"] = "" });
        var response = await noToken.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await noToken.RunJobsAsync();

        var job = Assert.Single(await noToken.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100), j => j.Kind == HubSpotDealJob.Kind);
        Assert.Contains("HubSpot__AccessToken", job.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"objectId":697680835,"properties":{"dealname":"Acme","dealstage":"closedwon"}}""")]
    [InlineData("""{"id":"697680835","properties":{"hs_object_id":"697680835","dealstage":"closedwon"},"createdAt":"2026-09-01T10:00:00Z"}""")]
    [InlineData("""{"portalId":5799819,"dealId":697680835,"isDeleted":false,"properties":{"dealstage":{"value":"closedwon","timestamp":1790000000000,"source":"CRM_UI","versions":[]}}}""")]
    [InlineData("""{"hs_object_id":"697680835","dealstage":"closedwon","amount":"120000"}""")]
    public async Task WorkflowWebhookBody_SignedV2_HandoffCreated(string body)
    {
        var response = await world.PostHubSpotAsync(body, "v2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.RunJobsAsync();
        Assert.NotNull(await world.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));
    }

    [Fact]
    public async Task PipelineFilterInMapping_WonDealInAnotherPipeline_Skipped()
    {
        await using var filtered = await CrmWorld.StartAsync(mapping: "hubspot:\n  pipelines: ['12345678']\n");
        await filtered.PostHubSpotAsync(CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000));
        await filtered.RunJobsAsync();
        Assert.Null(await filtered.HandoffAsync(FakeCrmSamples.DefaultPipelineDeal));
    }

    private async Task<string> AdminJobsAsync(string status)
    {
        using var admin = world.App.AdminClient();
        return await admin.GetStringAsync($"/api/jobs?status={status}");
    }
}
