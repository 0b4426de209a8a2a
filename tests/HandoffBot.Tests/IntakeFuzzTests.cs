using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>
/// Correctly signed but mutated deals: whatever the body, the answer is never a 5xx. Half of them
/// reuse CRM ids from a small pool of case variants ("006aBc1", "006ABC1", …): each exact id is one
/// handoff, created once and updated after.
/// </summary>
public sealed class IntakeFuzzTests : IDisposable
{
    private static readonly string[] Paths =
    [
        "crmId", "accountName", "arr", "currency", "segment", "closeDate", "crmUrl", "aeEmail", "csmEmail", "customerTimeZone",
        "context", "notes", "transcripts",
    ];

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Gen.Const(() => (JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)i),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)d : 0),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Char.Array[0, 3000].Select(c => (JsonNode?)new string(c)),
        Gen.Const(() => (JsonNode?)(new string('\u202e', 500) + "\ud83d\ude00" + "\u0000")),
        Gen.Const(() => (JsonNode?)new JsonArray(new JsonObject { ["x"] = new JsonArray(1, "a", null) })),
        Gen.Int[1, 40].Select(depth =>
        {
            JsonNode node = new JsonObject();
            for (var i = 0; i < depth; i++)
            {
                node = new JsonObject { ["n"] = node };
            }

            return (JsonNode?)node;
        }));

    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task MutatedSignedDeals_NeverProduceServerErrors()
    {
        using var client = app.CreateClient();
        var cases = Gen.Select(Gen.Int[0, Paths.Length - 1].Array[1, 4], Value.Array[4], Gen.Int[0, 5], Gen.Int[0, 100], CaseVariantId);
        var statuses = new List<HttpStatusCode>();
        await cases.SampleAsync(async sample =>
        {
            var (fields, values, mode, cut, variant) = sample;
            var deal = Deals.Complete(cut % 2 == 0 ? variant : $"F-{Guid.NewGuid():N}");
            if (mode == 5)
            {
                // Only the id varies: a valid deal, created once per exact id and updated after.
                fields = [];
            }

            for (var i = 0; i < fields.Length; i++)
            {
                var field = Paths[fields[i]];
                if (mode == 0) deal.Remove(field);
                else if (field == "context" && mode == 1) deal["context"]!.AsObject()["stakeholders"] = values[i]?.DeepClone();
                else deal[field] = values[i]?.DeepClone();
            }

            var json = deal.ToJsonString();
            if (mode == 4)
            {
                json = json[..(json.Length * cut / 100)];
            }

            using var request = app.SignedDeal(json);
            var response = await client.SendAsync(request);
            lock (statuses)
            {
                statuses.Add(response.StatusCode);
            }

            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {json[..Math.Min(json.Length, 300)]}");
        }, iter: 10_000, threads: 1);

        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.Created, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
        var stored = await app.Get<IHandoffStore>().QueryAsync(new HandoffQuery(Limit: 10_000));
        var variants = stored.Select(h => h.Deal.CrmId).Where(id => id.StartsWith("006", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(variants.Count, variants.Distinct(StringComparer.Ordinal).Count());
        Assert.True(variants.Distinct(StringComparer.OrdinalIgnoreCase).Count() < variants.Count, "some stored ids differ only in case");
    }

    /// <summary>"006abc" plus a digit, each letter upper or lower case: 8 × 4 ids that collide when case is ignored.</summary>
    private static readonly Gen<string> CaseVariantId = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 3], (mask, n) =>
        "006" + string.Concat("abc".Select((c, i) => (mask & (1 << i)) != 0 ? char.ToUpperInvariant(c) : c)) + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
