using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.FakeCrm;

namespace HandoffBot.Tests.Crm;

/// <summary>
/// At least 5,000 correctly signed but mutated HubSpot bodies and 5,000 mutated SOAP bodies (real
/// samples as seeds): fields removed or of the wrong type, huge and odd unicode strings, deep
/// nesting, truncation, broken UTF-8, DTDs and entities, ids of every shape. Whatever the body:
/// never a 5xx, a refused request stores nothing, and the jobs that were stored run to a handoff
/// that is whole, or to nothing.
/// </summary>
public sealed class CrmFuzzTests : IAsyncLifetime
{
    private const int Cases = 5000;

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Const(() => (JsonNode?)null),
        Gen.Long.Select(i => (JsonNode?)i),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Char.Array[0, 2000].Select(c => (JsonNode?)new string(c)),
        Gen.Const(() => (JsonNode?)(new string('\u202e', 200) + "\ud83d\ude00\u0000\ud800" + "e\u0301")),
        Gen.Const(() => (JsonNode?)new string('9', 400)),
        Gen.Const(() => (JsonNode?)"697680835"),
        Gen.Const(() => (JsonNode?)697680835),
        Gen.Const(() => (JsonNode?)"closedwon"),
        Gen.Const(() => (JsonNode?)"deal.creation"),
        Gen.Const(() => (JsonNode?)"object.propertyChange"),
        Gen.Const(() => (JsonNode?)"0-3"),
        Gen.Const(() => (JsonNode?)"dealstage"),
        Gen.Const(() => (JsonNode?)"-1"),
        Gen.Const(() => (JsonNode?)new JsonArray(new JsonObject { ["x"] = new JsonArray(1, "a", null) })),
        Gen.Const(() => (JsonNode?)new JsonObject()));

    private static readonly Gen<(int[] Picks, JsonNode?[] Values, int Mode, int Cut)> JsonCase =
        Gen.Select(Gen.Int[0, 10_000].Array[1, 4], Value.Array[4], Gen.Int[0, 9], Gen.Int[0, 100]);

    private static readonly string[] XmlInserts =
    [
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&amp;", "&#0;", "&#x1F600;", "&bogus;", "<![CDATA[ <x> ]]>",
        "<Notification><Id>04l000000000001AAA</Id><sObject xsi:type=\"sf:Opportunity\" xmlns:sf=\"urn:sobject.enterprise.soap.sforce.com\"><sf:Id>0061N00000WD1shQAD</sf:Id></sObject></Notification>",
        "<sf:IsWon>false</sf:IsWon>", "<sf:Id>006'; DROP--</sf:Id>", "<Id></Id>", "<OrganizationId>00DD0000000muCV</OrganizationId>",
        "xsi:nil=\"true\"", "<a>" , "</notifications>", "<?xml version=\"1.0\"?>", "\uFEFF", "\r\n", "\u0000", "<x:y xmlns:x=\"urn:x\">",
        new string('<', 3) + "b>", string.Concat(Enumerable.Repeat("<d>", 40)) + string.Concat(Enumerable.Repeat("</d>", 40)),
    ];

    private static readonly Gen<(int Mode, int At, int Length, int Insert, string Text)> XmlCase =
        Gen.Select(Gen.Int[0, 9], Gen.Int[0, 100], Gen.Int[0, 60], Gen.Int[0, XmlInserts.Length - 1], Gen.String[0, 40]);

    private CrmWorld world = null!;

    public async Task InitializeAsync() =>
        world = await CrmWorld.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Critical" });

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task HubSpot_MutatedAndSigned_NeverA5xx_RefusalsStoreNothing_HandoffsWhole()
    {
        var seeds = new[]
        {
            CrmWorld.Fixture("hubspot_webhook_dj-hubspot_dealstage_crm_ui.json"),
            CrmWorld.Fixture("hubspot_webhook_dj-hubspot_event_object.json"),
            CrmWorld.Fixture("hubspot_webhook_ballerina_deal_propertyChange.json"),
            CrmWorld.Fixture("hubspot_webhook_ballerina_deal_creation.json"),
            CrmWorld.Fixture("hubspot_webhook_ballerina_deal_associationChange.json"),
            CrmWorld.Fixture("hubspot_webhook_hubspot-api-nodejs_v1_signature_vector.json"),
            CrmWorld.StageEvent(FakeCrmSamples.DefaultPipelineDeal, "closedwon", 1_790_000_000_000),
            """{"objectId":697680835,"properties":{"dealname":"Acme","dealstage":"closedwon"}}""",
            """{"portalId":5799819,"dealId":697680835,"properties":{"dealstage":{"value":"closedwon","versions":[]}}}""",
            """[{"objectId":741141656,"objectTypeId":"0-3","propertyName":"dealstage","propertyValue":"x","subscriptionType":"object.propertyChange","portalId":5799819,"occurredAt":1}]""",
        };
        var statuses = new List<HttpStatusCode>();
        await JsonCase.SampleAsync(async sample =>
        {
            var body = MutateJson(seeds[sample.Picks[0] % seeds.Length], sample);
            var before = world.Jobs.Added;
            var response = await world.SendAsync(world.SignedHubSpot(body));
            statuses.Add(response.StatusCode);
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(before, world.Jobs.Added);
            }
        }, iter: Cases, threads: 1);

        Assert.True(statuses.Count >= Cases);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        await AllStoredJobsEndWholeAsync();
    }

    [Fact]
    public async Task Salesforce_MutatedSoap_NeverA5xx_RefusalsStoreNothing_HandoffsWhole()
    {
        var seeds = new[]
        {
            CrmWorld.Fixture("salesforce_outbound_aspnet-webhooks_contact_2notifications.xml").Replace("012345678901234", FakeCrmSamples.SalesforceOrg, StringComparison.Ordinal),
            Encoding.UTF8.GetString(CrmWorld.FixtureBytes("salesforce_outbound_aspnet-webhooks_lead_3notifications.xml")).Replace("0123456789ABCDENNN", FakeCrmSamples.SalesforceOrg, StringComparison.Ordinal),
            CrmWorld.OutboundMessage(FakeCrmSamples.SalesforceOrg, ("04l570000176YSmAAM", FakeCrmSamples.Opportunity)),
            CrmWorld.OutboundMessage(FakeCrmSamples.SalesforceOrg, ("04l570000176YSnAAM", FakeCrmSamples.OpenOpportunity), ("04l570000176YSoAAM", "0061N00000WD1sh")),
        };
        var statuses = new List<HttpStatusCode>();
        var i = 0;
        await XmlCase.SampleAsync(async sample =>
        {
            var body = MutateXml(seeds[i++ % seeds.Length], sample);
            var before = world.Jobs.Added;
            var response = await world.PostSalesforceAsync(body);
            statuses.Add(response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Assert.Contains("<Ack>true</Ack>", text, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("<soapenv:Fault>", text, StringComparison.Ordinal);
                Assert.Equal(before, world.Jobs.Added);
            }
        }, iter: Cases, threads: 1);

        Assert.True(statuses.Count >= Cases);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        await AllStoredJobsEndWholeAsync();
    }

    /// <summary>Every stored job runs to done (a whole handoff, or nothing to do); none crashes or is left half-way.</summary>
    private async Task AllStoredJobsEndWholeAsync()
    {
        await world.RunJobsAsync();
        var jobs = await world.App.Get<IJobStore>().ListAsync(null, null, 10_000);
        var crm = jobs.Where(j => j.Kind.StartsWith("crm.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(crm);
        Assert.All(crm, j => Assert.Equal(JobStatus.Done, j.Status));
        var handoffs = await world.App.Get<IHandoffStore>().QueryAsync(new HandoffQuery(Limit: 1000));
        Assert.NotEmpty(handoffs);
        Assert.All(handoffs, h =>
        {
            Assert.False(string.IsNullOrWhiteSpace(h.Deal.AccountName));
            Assert.True(Emails.IsValid(h.Deal.AeEmail));
            Assert.Equal(3, h.Deal.Currency.Length);
        });
    }

    private static byte[] MutateJson(string seed, (int[] Picks, JsonNode?[] Values, int Mode, int Cut) sample)
    {
        var (picks, values, mode, cut) = sample;
        var root = JsonNode.Parse(seed)!;
        var nodes = new List<(JsonNode Parent, string? Key, int Index)>();
        Collect(root, nodes);
        for (var i = 0; i < picks.Length && nodes.Count > 0; i++)
        {
            var (parent, key, index) = nodes[picks[i] % nodes.Count];
            var value = values[i % values.Length]?.DeepClone();
            if (parent is JsonObject o && key is not null && o.ContainsKey(key))
            {
                if (mode == 0) o.Remove(key);
                else o[key] = value;
            }
            else if (parent is JsonArray a && index < a.Count)
            {
                if (mode == 0) a.RemoveAt(index);
                else a[index] = value;
            }
        }

        var json = root.ToJsonString();
        json = mode switch
        {
            3 => "[" + string.Join(",", Enumerable.Repeat(json.TrimStart('[').TrimEnd(']'), 1 + (cut % 5))) + "]",
            4 => new string('[', 100 + cut) + new string(']', 100 + cut),
            8 => "[" + string.Join(",", Enumerable.Repeat("{\"subscriptionType\":\"deal.creation\",\"objectId\":" + cut + "}", 1001)) + "]",
            9 => ReplaceFirst(json, "{\"", "{\"objectId\":" + cut + ",\"subscriptionType\":\"deal.creation\",\""),
            _ => json,
        };
        var bytes = Encoding.UTF8.GetBytes(json);
        return mode switch
        {
            5 => bytes[..(bytes.Length * cut / 100)],
            6 => [.. bytes, 0xC3, 0x28, 0xFF],
            7 => [0xEF, 0xBB, 0xBF, .. bytes],
            _ => bytes,
        };
    }

    /// <summary>Puts keys in front of the first object's own: a duplicate key whenever the object already has them.</summary>
    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + with + text[(at + what.Length)..];
    }

    private static byte[] MutateXml(string seed, (int Mode, int At, int Length, int Insert, string Text) sample)
    {
        var (mode, at, length, insert, text) = sample;
        var position = seed.Length * at / 100;
        var span = Math.Min(length, seed.Length - position);
        var xml = mode switch
        {
            0 => seed.Remove(position, span),
            1 => seed.Insert(position, XmlInserts[insert]),
            2 => seed.Insert(position, text),
            3 => seed[..position],
            4 => seed.Insert(position, seed.Substring(position, span)),
            5 => seed.Replace("0061N00000WD1shQAD", text.Length > 0 ? text : "0061N00000WD1sh", StringComparison.Ordinal),
            6 => XmlInserts[0] + seed[(seed.IndexOf("?>", StringComparison.Ordinal) + 2)..],
            7 => seed.Replace("soapenv", text.Length > 0 && char.IsAsciiLetter(text[0]) && text.All(char.IsAsciiLetterOrDigit) ? text : "s", StringComparison.Ordinal),
            8 => seed.Replace("<Notification>", "<Notification>" + XmlInserts[insert], StringComparison.Ordinal),
            _ => seed,
        };
        var bytes = Encoding.UTF8.GetBytes(xml);
        return mode == 9 ? [.. bytes[..(bytes.Length * at / 100)], 0xC3, 0x28, 0xFF, .. bytes[(bytes.Length * at / 100)..]] : bytes;
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    into.Add((o, key, -1));
                    if (child is not null) Collect(child, into);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    into.Add((a, null, i));
                    if (a[i] is { } child) Collect(child, into);
                }

                break;
        }
    }
}
