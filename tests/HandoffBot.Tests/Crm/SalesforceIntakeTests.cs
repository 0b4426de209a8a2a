using System.Net;
using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Crm.Salesforce;
using HandoffBot.FakeCrm;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Crm;

/// <summary>POST /api/crm/salesforce through HTTP, with the opportunity read back from the fake Salesforce API over loopback.</summary>
public sealed class SalesforceIntakeTests : IAsyncLifetime
{
    private const string Org = FakeCrmSamples.SalesforceOrg;

    private CrmWorld world = null!;

    public async Task InitializeAsync() => world = await CrmWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Theory]
    [InlineData("salesforce_outbound_aspnet-webhooks_contact_2notifications.xml", "012345678901234")]
    [InlineData("salesforce_outbound_aspnet-webhooks_lead_3notifications.xml", "0123456789ABCDE")]
    public async Task SharedSample_FromTheConfiguredOrg_AckedAndNotAnOpportunitySoNothingQueued(string fixture, string org)
    {
        await using var sample = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Salesforce:OrganizationId"] = org });
        var response = await sample.PostSalesforceAsync(CrmWorld.FixtureBytes(fixture));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var ack = await response.Content.ReadAsStringAsync();
        Assert.Contains("<notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\">", ack, StringComparison.Ordinal);
        Assert.Contains("<Ack>true</Ack>", ack, StringComparison.Ordinal);
        Assert.Equal(0, sample.Jobs.Added);
    }

    [Fact]
    public async Task Ack_IsTheSharedReferenceResponse()
    {
        var response = await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));
        var ours = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        var reference = System.Xml.Linq.XDocument.Parse(CrmWorld.Fixture("salesforce_outbound_ack_aspnet-webhooks_response.xml"));
        Assert.True(System.Xml.Linq.XNode.DeepEquals(Strip(reference.Root!), Strip(ours.Root!)));
    }

    [Theory]
    [InlineData("00DD0000000muCV")]
    [InlineData("00DD0000000MUCU")]
    [InlineData("")]
    public async Task OtherOrganization_SoapFault401_NothingStored(string org)
    {
        var response = await world.PostSalesforceAsync(CrmWorld.OutboundMessage(org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest);
        Assert.Contains("<faultcode>soapenv:Client</faultcode>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, world.Jobs.Added);
    }

    [Fact]
    public async Task NoOrganizationConfigured_EveryMessageRefused()
    {
        await using var closed = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Salesforce:OrganizationId"] = "" });
        var response = await closed.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Salesforce__OrganizationId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, closed.Jobs.Added);
    }

    [Fact]
    public async Task EndpointToken_Configured_RequiredInTheUrl()
    {
        await using var tokened = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Salesforce:EndpointToken"] = "s3cr3t-path-token" });
        var message = CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity));
        Assert.Equal(HttpStatusCode.Unauthorized, (await tokened.PostSalesforceAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tokened.PostSalesforceAsync(message, "?token=wrong")).StatusCode);
        Assert.Equal(0, tokened.Jobs.Added);
        Assert.Equal(HttpStatusCode.OK, (await tokened.PostSalesforceAsync(message, "?token=s3cr3t-path-token")).StatusCode);
        Assert.Equal(1, tokened.Jobs.Added);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><notifications xmlns=\"http://soap.sforce.com/2005/09/outbound\"><OrganizationId>&xxe;</OrganizationId></notifications></soapenv:Body></soapenv:Envelope>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><a>&lol2;</a>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"http://127.0.0.1:1/evil.dtd\"><a/>")]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\" encoding=\"no-such-encoding\"?><a/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"IBM037\"?><a/>")]
    [InlineData("<?xml version=\"9.9\"?><a/>")]
    [InlineData("<a xmlns:p=\"urn:x\" p:b=\"1\" p:b=\"2\"/>")]
    [InlineData("<undeclared:a/>")]
    [InlineData("<a><b></a>")]
    [InlineData("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body/></soapenv:Envelope>")]
    public async Task HostileOrBrokenXml_SoapFault400_NothingStored(string xml)
    {
        var response = await world.PostSalesforceAsync(xml);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fault = await response.Content.ReadAsStringAsync();
        Assert.Contains("<soapenv:Fault>", fault, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", fault, StringComparison.Ordinal);
        Assert.Equal(0, world.Jobs.Added);
    }

    [Fact]
    public async Task DeeplyNested_Refused()
    {
        var xml = string.Concat(Enumerable.Repeat("<a>", 200)) + string.Concat(Enumerable.Repeat("</a>", 200));
        var response = await world.PostSalesforceAsync(xml);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("deeper", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLarge_Fault413()
    {
        await using var small = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Salesforce:MaxBodyBytes"] = "2048" });
        var response = await small.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, [.. Enumerable.Range(0, 20).Select(i => ($"04l5700001{i:D5}AAA", FakeCrmSamples.Opportunity))]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("<soapenv:Fault>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutboundMessage_EndToEnd_HandoffWithEverythingReadFromOneSoqlQuery()
    {
        var response = await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, world.Jobs.Added);
        await world.RunJobsAsync();

        var handoff = await world.HandoffAsync(FakeCrmSamples.Opportunity);
        Assert.NotNull(handoff);
        Assert.Equal("Acme Logistics", handoff.Deal.AccountName);
        Assert.Equal(120000m, handoff.Deal.Arr);
        Assert.Equal("USD", handoff.Deal.Currency);
        Assert.Equal(new DateOnly(2026, 10, 30), handoff.Deal.CloseDate);
        Assert.Equal(Deals.Ae, handoff.Deal.AeEmail);
        Assert.Equal(Deals.Csm, handoff.Deal.CsmEmail);
        Assert.Equal("America/Chicago", handoff.Deal.CustomerTimeZone);
        Assert.Equal($"{world.Salesforce.BaseUrl}/lightning/r/Opportunity/{FakeCrmSamples.Opportunity}/view", handoff.Deal.CrmUrl?.AbsoluteUri);
        Assert.Equal(
            [("Dana Ruiz", StakeholderRole.Champion), ("Lee Park", StakeholderRole.EconomicBuyer), ("Sam Woo", StakeholderRole.Technical)],
            handoff.Context.Stakeholders.Select(s => (s.Name, s.Role)));
        Assert.Equal([("Route Planner", (int?)250), ("Analytics module", 1)], handoff.Context.WhatWasSold.Select(s => (s.Product, s.Seats)));
        Assert.Equal(["Late deliveries below 3% by March", "Dispatchers plan every route in it"], handoff.Context.SuccessCriteria);

        // One query for the graph (plus a retry without CurrencyIsoCode: this org is not multi-currency).
        var queries = world.Salesforce.Calls.Where(c => c.Path.EndsWith("/query", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, queries.Count);
        Assert.Contains("OpportunityContactRoles", Uri.UnescapeDataString(queries[^1].Query), StringComparison.Ordinal);
        Assert.Contains("OpportunityLineItems", Uri.UnescapeDataString(queries[^1].Query), StringComparison.Ordinal);
        Assert.Single(world.Salesforce.Calls, c => c.Path == "/services/oauth2/token");
    }

    [Fact]
    public async Task SameNotificationTwice_AndA15CharacterId_OneJobOneHandoffKeyedByThe18CharacterId()
    {
        var message = CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity[..15]));
        Assert.Equal(HttpStatusCode.OK, (await world.PostSalesforceAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostSalesforceAsync(message)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSnAAM", FakeCrmSamples.Opportunity)))).StatusCode);
        await world.RunJobsAsync();

        Assert.Equal(2, world.Jobs.Added);
        var handoff = await world.HandoffAsync(FakeCrmSamples.Opportunity);
        Assert.NotNull(handoff);
        Assert.DoesNotContain(handoff.Audit, a => a.Event == "deal.updated");
    }

    [Fact]
    public async Task HundredNotifications_AllStoredBeforeTheAck()
    {
        var notifications = Enumerable.Range(0, 100).Select(i => ($"04l57{i:D10}AAA", FakeCrmSamples.Opportunity)).ToArray();
        var response = await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, notifications));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, world.Jobs.Added);
    }

    [Fact]
    public async Task ExpiredToken_RenewedOnce_HandoffTakenIn()
    {
        await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.OpenOpportunity)));
        await world.RunJobsAsync();
        world.Salesforce.ExpireTokens();
        await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSnAAM", FakeCrmSamples.Opportunity)));
        await world.RunJobsAsync();

        Assert.Null(await world.HandoffAsync(FakeCrmSamples.OpenOpportunity));
        Assert.NotNull(await world.HandoffAsync(FakeCrmSamples.Opportunity));
        Assert.Equal(2, world.Salesforce.Calls.Count(c => c.Path == "/services/oauth2/token"));
    }

    [Fact]
    public async Task ApiLimitThenOutage_HandoffDelayedInTheJobQueue_NeverLost()
    {
        await using var plain = await CrmWorld.StartAsync(mapping: "salesforce:\n  fields:\n    currency: []\n");
        plain.Salesforce.Fail("query", new CrmFailure(403, "REQUEST_LIMIT_EXCEEDED"));
        plain.Salesforce.Fail("query", new CrmFailure(503));
        await plain.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));

        await plain.RunJobsAsync();
        var job = Assert.Single(await plain.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100), j => j.Kind == SalesforceOpportunityJob.Kind);
        Assert.Contains("REQUEST_LIMIT_EXCEEDED", job.LastError, StringComparison.Ordinal);
        plain.Time.Advance(TimeSpan.FromMinutes(1));
        await plain.RunJobsAsync();
        Assert.Null(await plain.HandoffAsync(FakeCrmSamples.Opportunity));
        plain.Time.Advance(TimeSpan.FromMinutes(2));
        await plain.RunJobsAsync();
        Assert.NotNull(await plain.HandoffAsync(FakeCrmSamples.Opportunity));
    }

    [Fact]
    public async Task BadClientSecret_AttemptNamesTheProblem_NoHandoff()
    {
        await using var wrong = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Salesforce:ClientSecret"] = "wrong" });
        await wrong.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)));
        await wrong.RunJobsAsync();
        var job = Assert.Single(await wrong.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100), j => j.Kind == SalesforceOpportunityJob.Kind);
        Assert.Contains("invalid_client", job.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotWon_NoHandoff()
    {
        await world.PostSalesforceAsync(CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.OpenOpportunity)));
        await world.RunJobsAsync();
        Assert.Null(await world.HandoffAsync(FakeCrmSamples.OpenOpportunity));
    }

    [Theory]
    [InlineData("soap", "\r\n", true, true)]
    [InlineData("env", "\n", false, false)]
    [InlineData("S", "\r\n", true, false)]
    public async Task EnvelopeVariations_PrefixesBomCrlfNoDeclaration_Accepted(string prefix, string newline, bool bom, bool declaration)
    {
        var xml = CrmWorld.OutboundMessage(Org, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity))
            .Replace("soapenv:", prefix + ":", StringComparison.Ordinal)
            .Replace("xmlns:soapenv", "xmlns:" + prefix, StringComparison.Ordinal)
            .Replace("<sf:Name>", "<sf:Unknown__c>x</sf:Unknown__c><sf:Name>", StringComparison.Ordinal)
            .ReplaceLineEndings(newline);
        if (!declaration)
        {
            xml = xml[(xml.IndexOf("?>", StringComparison.Ordinal) + 2)..].TrimStart();
        }

        var bytes = Encoding.UTF8.GetBytes(xml);
        var response = await world.PostSalesforceAsync(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, world.Jobs.Added);
    }

    private static System.Xml.Linq.XElement Strip(System.Xml.Linq.XElement e) =>
        new(e.Name, e.Attributes().Where(a => !a.IsNamespaceDeclaration), e.Nodes().Select(n => n is System.Xml.Linq.XElement c ? Strip(c) : n is System.Xml.Linq.XText t && string.IsNullOrWhiteSpace(t.Value) ? null : n));
}
