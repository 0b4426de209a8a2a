using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>Correctly signed but mutated deals: whatever the body, the answer is never a 5xx.</summary>
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
        var cases = Gen.Select(Gen.Int[0, Paths.Length - 1].Array[1, 4], Value.Array[4], Gen.Int[0, 4], Gen.Int[0, 100]);
        var statuses = new List<HttpStatusCode>();
        await cases.SampleAsync(async sample =>
        {
            var (fields, values, mode, cut) = sample;
            var deal = Deals.Complete($"F-{Guid.NewGuid():N}");
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
        }, iter: 1500, threads: 1);

        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        Assert.Contains(HttpStatusCode.Created, statuses);
    }
}
