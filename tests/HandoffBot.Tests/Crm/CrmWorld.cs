using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Crm.HubSpot;
using HandoffBot.FakeCrm;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Crm;

/// <summary>
/// The real bot with both CRM intakes switched on, wired to the fake HubSpot and Salesforce APIs
/// on loopback (real HTTP both ways). HubSpot requests are signed the way HubSpot signs them, for
/// the public URL the bot is configured with (as behind a proxy).
/// </summary>
public sealed class CrmWorld : IAsyncDisposable
{
    public const string HubSpotSecret = "hubspot-test-client-secret";
    public const string HubSpotToken = "pat-na1-test-token";
    public const string PublicUrl = "https://handoffbot.example.com";

    /// <summary>What RevOps of the sample org put in crm-mapping.yaml: their Salesforce custom fields.</summary>
    public const string Mapping = """
        salesforce:
          fields:
            csmEmail: [CSM__r.Email]
            customerTimeZone: [Account.Customer_Time_Zone__c]
            successCriteria: [Success_Criteria__c]
        """;

    private CrmWorld(FakeHubSpotServer hubspot, FakeSalesforceServer salesforce, HandoffBotApp app, CountingJobStore jobs)
    {
        HubSpot = hubspot;
        Salesforce = salesforce;
        App = app;
        Jobs = jobs;
        Client = app.CreateClient();
    }

    public FakeHubSpotServer HubSpot { get; }

    public FakeSalesforceServer Salesforce { get; }

    public HandoffBotApp App { get; }

    public CountingJobStore Jobs { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time => App.Time;

    public static async Task<CrmWorld> StartAsync(IDictionary<string, string?>? settings = null, string? mapping = Mapping)
    {
        var hubspot = new FakeHubSpotServer { Token = HubSpotToken };
        var salesforce = new FakeSalesforceServer();
        FakeCrmSamples.Seed(hubspot);
        FakeCrmSamples.Seed(salesforce);
        await hubspot.StartAsync();
        await salesforce.StartAsync();

        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var all = new Dictionary<string, string?>
        {
            ["HubSpot:ClientSecret"] = HubSpotSecret,
            ["HubSpot:AccessToken"] = HubSpotToken,
            ["HubSpot:ApiBaseUrl"] = hubspot.BaseUrl,
            ["HubSpot:PublicUrl"] = PublicUrl,
            ["HubSpot:MaxAttempts"] = "1",
            ["Salesforce:OrganizationId"] = FakeCrmSamples.SalesforceOrg[..15],
            ["Salesforce:LoginUrl"] = salesforce.BaseUrl,
            ["Salesforce:ClientId"] = salesforce.ClientId,
            ["Salesforce:ClientSecret"] = salesforce.ClientSecret,
            ["Salesforce:MaxAttempts"] = "1",
        };
        if (mapping is not null)
        {
            var path = Path.Combine(folder, "crm-mapping.yaml");
            await File.WriteAllTextAsync(path, mapping);
            all["Crm:MappingPath"] = path;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        CountingJobStore? counting = null;
        var app = new HandoffBotApp(dbPath: Path.Combine(folder, "handoffbot.db"), settings: all)
        {
            ConfigureTestServices = services =>
            {
                var inner = services.Single(d => d.ServiceType == typeof(IJobStore));
                services.Remove(inner);
                services.AddSingleton<CountingJobStore>(sp =>
                    counting = new CountingJobStore((IJobStore)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)));
                services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<CountingJobStore>());
            },
        };
        hubspot.Clock = app.Time.GetUtcNow;
        salesforce.Clock = app.Time.GetUtcNow;
        _ = app.Services;
        return new CrmWorld(hubspot, salesforce, app, counting ?? app.Get<CountingJobStore>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await HubSpot.DisposeAsync();
        await Salesforce.DisposeAsync();
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", name));

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Crm", "Fixtures", name));

    /// <summary>A request signed as HubSpot signs it: v3 (HMAC over method + URI + body + timestamp), or v1/v2.</summary>
    public HttpRequestMessage SignedHubSpot(byte[] body, string version = "v3", DateTimeOffset? at = null, string secret = HubSpotSecret, string pathAndQuery = HubSpotEndpoint.Path, string publicUrl = PublicUrl)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var uri = publicUrl + pathAndQuery;
        switch (version)
        {
            case "v3":
                var ts = (at ?? Time.GetUtcNow()).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                request.Headers.Add(HubSpotSignature.TimestampHeader, ts);
                request.Headers.Add(HubSpotSignature.V3Header, HubSpotSignature.V3(secret, "POST", uri, body, ts));
                break;
            case "v2":
                request.Headers.Add(HubSpotSignature.VersionHeader, "v2");
                request.Headers.Add(HubSpotSignature.LegacyHeader, HubSpotSignature.V2(secret, "POST", uri, body));
                break;
            default:
                request.Headers.Add(HubSpotSignature.VersionHeader, "v1");
                request.Headers.Add(HubSpotSignature.LegacyHeader, HubSpotSignature.V1(secret, body));
                break;
        }

        request.Headers.UserAgent.ParseAdd("HubSpot-Webhooks/1.0");
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Client.SendAsync(request);
        }
    }

    public Task<HttpResponseMessage> PostHubSpotAsync(string json, string version = "v3") => SendAsync(SignedHubSpot(Encoding.UTF8.GetBytes(json), version));

    public Task<HttpResponseMessage> PostSalesforceAsync(string xml, string query = "") => PostSalesforceAsync(Encoding.UTF8.GetBytes(xml), query);

    public Task<HttpResponseMessage> PostSalesforceAsync(byte[] xml, string query = "")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/crm/salesforce" + query) { Content = new ByteArrayContent(xml) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        request.Headers.Add("SOAPAction", "\"\"");
        return SendAsync(request);
    }

    public Task<int> RunJobsAsync() => App.RunJobsAsync();

    public async Task<Handoff?> HandoffAsync(string crmId) => await App.Get<IHandoffStore>().FindByCrmIdAsync(crmId);

    /// <summary>A closed-won property change as HubSpot sends it.</summary>
    public static string StageEvent(string dealId, string stage, long occurredAt, long eventId = 1228532628, int attempt = 0) =>
        $$"""[{"objectId":{{dealId}},"propertyName":"dealstage","propertyValue":"{{stage}}","changeSource":"CRM_UI","eventId":{{eventId}},"subscriptionId":92894,"portalId":{{FakeCrmSamples.HubSpotPortal}},"appId":186886,"occurredAt":{{occurredAt}},"subscriptionType":"deal.propertyChange","attemptNumber":{{attempt}}}]""";

    /// <summary>An Outbound Message from a record-triggered Flow on Opportunity, shaped like Salesforce's (the comsave sample).</summary>
    public static string OutboundMessage(string org, params (string NotificationId, string OpportunityId)[] notifications) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
         <soapenv:Body>
          <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
           <OrganizationId>{org}</OrganizationId>
           <ActionId>04k57000000TOUIAA4</ActionId>
           <SessionId xsi:nil="true"/>
           <EnterpriseUrl>https://acme.my.salesforce.com/services/Soap/c/62.0/00DD0000000muCU</EnterpriseUrl>
           <PartnerUrl>https://acme.my.salesforce.com/services/Soap/u/62.0/00DD0000000muCU</PartnerUrl>
        {string.Concat(notifications.Select(n => $"""
           <Notification>
            <Id>{n.NotificationId}</Id>
            <sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
             <sf:Id>{n.OpportunityId}</sf:Id>
             <sf:AccountId>0015e00000AbCdEAAV</sf:AccountId>
             <sf:Amount>120000.0</sf:Amount>
             <sf:CloseDate>2026-10-30</sf:CloseDate>
             <sf:IsWon>true</sf:IsWon>
             <sf:Name>Acme Logistics - Route Planner</sf:Name>
             <sf:OwnerId>00558000001N0KeAAK</sf:OwnerId>
             <sf:StageName>Closed Won</sf:StageName>
            </sObject>
           </Notification>

        """))}  </notifications>
         </soapenv:Body>
        </soapenv:Envelope>
        """;
}

/// <summary>The real job store, counting the CRM jobs added, so a test can tell that a refused request stored nothing.</summary>
public sealed class CountingJobStore(IJobStore inner) : IJobStore
{
    private int added;

    public int Added => Volatile.Read(ref added);

    public async Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
    {
        var crm = jobs.Count(j => j.Kind.StartsWith("crm.", StringComparison.Ordinal));
        var before = crm > 0 ? await CountAsync(ct) : 0;
        var n = await inner.EnqueueAsync(jobs, ct);
        if (crm > 0)
        {
            Interlocked.Add(ref added, await CountAsync(ct) - before);
        }

        return n;
    }

    private async Task<int> CountAsync(CancellationToken ct) =>
        (await inner.ListAsync(null, null, 10_000, ct)).Count(j => j.Kind.StartsWith("crm.", StringComparison.Ordinal));

    public Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default) => inner.ClaimDueAsync(now, leaseUntil, max, ct);

    public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default) => inner.StartAsync(job, leaseUntil, ct);

    public Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default) => inner.DeferAsync(jobId, reason, until, ct);

    public Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default) => inner.CompleteAsync(jobId, now, ct);

    public Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default) => inner.FailAsync(jobId, error, retryAt, now, ct);

    public Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default) => inner.CancelAsync(handoffId, kindPrefix, ct);

    public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default) => inner.NextDueAtAsync(ct);

    public Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default) => inner.ListAsync(status, handoffId, limit, ct);
}
