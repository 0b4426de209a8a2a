using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using HandoffBot.Crm.HubSpot;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Benchmarks;

/// <summary>
/// `--crm-ack [seconds]`: how fast the real bot (Program on Kestrel, real LiteDB file) acknowledges
/// what the CRMs send, at HubSpot's own concurrency (10 requests in flight): signed 100-event
/// HubSpot batches and 100-notification Salesforce Outbound Messages, every event new, each stored
/// as a durable job before the answer. HubSpot allows 5 s per batch; Salesforce 60 s per message.
/// </summary>
public static class CrmAck
{
    private const int Connections = 10;
    private const int Port = 3996;
    private const string Secret = "bench-hubspot-secret";
    private const string Org = "00DD0000000muCUMAY";

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_HANDOFFBOT", AppContext.BaseDirectory);
        using var bot = new Bot();
        bot.UseKestrel(Port);
        bot.StartServer();
        var url = $"http://127.0.0.1:{Port}";
        foreach (var (name, path, build) in new (string, string, Func<int, (byte[] Body, Action<HttpRequestMessage> Sign)>)[]
        {
            ("HubSpot: signed batch of 100 events", HubSpotEndpoint.Path, HubSpotBatch),
            ("Salesforce: Outbound Message, 100 notifications", "/api/crm/salesforce", SalesforceMessage),
        })
        {
            await LoadAsync(url + path, build, TimeSpan.FromSeconds(2));
            var r = await LoadAsync(url + path, build, duration);
            Console.WriteLine($"| {name} | {r.Rate:0.0} requests/s ({r.Rate * 100:0} events/s) | p50 {r.P50:0.0} ms | p99 {r.P99:0.0} ms | max {r.Max:0.0} ms | {r.Errors} errors |");
        }

        return 0;
    }

    private static int sequence;

    private static (byte[], Action<HttpRequestMessage>) HubSpotBatch(int n)
    {
        var events = Enumerable.Range(0, 100).Select(i =>
            $$"""{"objectId":{{700000000 + (n * 100) + i}},"propertyName":"dealstage","propertyValue":"closedwon","changeSource":"CRM_UI","eventId":{{n}},"subscriptionId":92894,"portalId":5799819,"appId":186886,"occurredAt":{{1790000000000L + n}},"subscriptionType":"deal.propertyChange","attemptNumber":0}""");
        var body = Encoding.UTF8.GetBytes("[" + string.Join(",", events) + "]");
        return (body, request =>
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(HubSpotSignature.TimestampHeader, ts);
            request.Headers.Add(HubSpotSignature.V3Header, HubSpotSignature.V3(Secret, "POST", request.RequestUri!.AbsoluteUri, body, ts));
        });
    }

    private static (byte[], Action<HttpRequestMessage>) SalesforceMessage(int n)
    {
        var notifications = string.Concat(Enumerable.Range(0, 100).Select(i =>
            $"""<Notification><Id>04l{(n * 100) + i:D12}AAA</Id><sObject xsi:type="sf:Opportunity" xmlns:sf="urn:sobject.enterprise.soap.sforce.com"><sf:Id>0061N00000WD1shQAD</sf:Id><sf:IsWon>true</sf:IsWon><sf:Name>Deal</sf:Name></sObject></Notification>"""));
        var xml = $"""<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><notifications xmlns="http://soap.sforce.com/2005/09/outbound"><OrganizationId>{Org}</OrganizationId><ActionId>04k57000000TOUIAA4</ActionId>{notifications}</notifications></soapenv:Body></soapenv:Envelope>""";
        return (Encoding.UTF8.GetBytes(xml), _ => { });
    }

    private sealed record Result(double Rate, double P50, double P99, double Max, int Errors);

    private static async Task<Result> LoadAsync(string url, Func<int, (byte[] Body, Action<HttpRequestMessage> Sign)> build, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections });
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
        {
            while (stop.Elapsed < duration)
            {
                var (body, sign) = build(Interlocked.Increment(ref sequence));
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(url.EndsWith("salesforce", StringComparison.Ordinal) ? "text/xml" : "application/json");
                sign(request);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Result(sorted.Length / stop.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], sorted[^1], errors);
    }

    private sealed class Bot : WebApplicationFactory<HandoffBot.Teams.TeamsBot>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var data = Path.Combine(Path.GetTempPath(), "handoffbot-load", Guid.NewGuid().ToString("N"));
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:Path", Path.Combine(data, "handoffbot.db"));
            builder.UseSetting("Scheduler:Enabled", "false");
            builder.UseSetting("HubSpot:ClientSecret", Secret);
            builder.UseSetting("Salesforce:OrganizationId", Org);
            var source = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(source, "tests", "Defaults", "playbook.yaml")))
            {
                source = Path.GetDirectoryName(source.TrimEnd('/'))!;
            }

            builder.UseSetting("Playbook:Path", Path.Combine(source, "tests", "Defaults", "playbook.yaml"));
            builder.UseSetting("People:SeedPath", Path.Combine(source, "tests", "Defaults", "people.yaml"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(l => l.ClearProviders());
        }
    }
}
