using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;

namespace HandoffBot.Tests.Storage.Contract;

/// <summary>
/// A generated portfolio with every shape the metrics care about (open clocks overdue or not, several
/// polls, first value, churn early and late, rejections, missing completeness), and a comparison of two
/// reports that allows for the last bits of floating-point medians.
/// </summary>
public static class MetricsContract
{
    public static readonly DateTimeOffset AsOf = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Segments = ["Enterprise", "Mid-Market", "SMB"];

    public static List<HandoffFacts> Portfolio(int count, int seed = 7)
    {
        var random = new Random(seed);
        var list = new List<HandoffFacts>(count);
        for (var i = 0; i < count; i++)
        {
            var close = DateOnly.FromDateTime(AsOf.UtcDateTime).AddDays(-random.Next(1, 400));
            var created = new DateTimeOffset(close.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero).AddMinutes(random.Next(0, 600));
            var accepted = random.NextDouble() < 0.85;
            double? Maybe(double max) => random.NextDouble() < 0.1 ? null : Math.Round(random.NextDouble() * max, random.Next(0, 4));
            var polls = accepted ? Enumerable.Range(0, random.Next(0, 4)).Select(k => new PollAnswer(30 * (k + 1), (DealMatch)random.Next(3), random.Next(1, 6),
                random.NextDouble() < 0.3 ? close.AddDays(50) : null, (Severity)random.Next(3), null, "csm@example.com", created.AddDays(30 * (k + 1) + random.Next(0, 30)))).ToList() : [];
            list.Add(new HandoffFacts
            {
                Id = $"HO-{i:D7}",
                Account = $"Account {i:D5}",
                Ae = $"ae{random.Next(12)}@example.com",
                Segment = Segments[random.Next(Segments.Length)],
                CloseDate = close,
                CreatedAt = created,
                Stage = (Stage)random.Next(1, 8),
                ContextCompleteAt = random.NextDouble() < 0.9 ? created.AddHours(random.Next(1, 200)) : null,
                AcceptedAt = accepted ? created.AddHours(random.Next(24, 300)) : null,
                IntroAt = accepted && random.NextDouble() < 0.8 ? created.AddHours(random.Next(72, 400)) : null,
                KickoffAt = accepted && random.NextDouble() < 0.7 ? created.AddHours(random.Next(150, 700)) : null,
                CompletenessAtReview = random.NextDouble() < 0.1 ? null : random.Next(30, 101),
                CloseToContext = Maybe(6),
                ContextToAccepted = accepted ? Maybe(3) : null,
                AcceptedToIntro = accepted ? Maybe(5) : null,
                IntroToKickoff = accepted ? Maybe(9) : null,
                CloseToKickoff = accepted ? Maybe(25) : null,
                Breaches = [.. Enumerable.Range(0, random.NextDouble() < 0.25 ? random.Next(1, 3) : 0)
                    .Select(_ => new SlaBreach((Stage)random.Next(2, 7), $"owner{random.Next(9)}@example.com", created.AddHours(random.Next(10, 600))))],
                OpenClock = random.NextDouble() < 0.4 ? new SlaBreach((Stage)random.Next(2, 7), $"owner{random.Next(9)}@example.com", AsOf.AddDays(random.Next(-30, 10))) : null,
                Polls = polls,
                Rejections = [.. Enumerable.Range(0, random.NextDouble() < 0.15 ? random.Next(1, 3) : 0)
                    .Select(_ => new Rejection((RejectionReason)random.Next(6), "x", "cs@example.com", created.AddHours(random.Next(1, 500))))],
                ChurnedOn = random.NextDouble() < 0.12 ? close.AddDays(random.Next(10, 250)) : null,
                FirstValueOn = polls.Select(p => p.FirstValueOn).FirstOrDefault(d => d is not null),
            });
        }

        return list;
    }

    /// <summary>Equal as JSON, numbers within 1e-9 (medians computed by the database may differ in the last bits).</summary>
    public static void Same<T>(T expected, T actual)
    {
        var options = new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        Compare(JsonSerializer.SerializeToNode(expected, options), JsonSerializer.SerializeToNode(actual, options), "$");
    }

    private static void Compare(JsonNode? a, JsonNode? b, string path)
    {
        switch (a)
        {
            case null:
                Assert.True(b is null, $"{path}: expected null, got {b?.ToJsonString()}");
                break;
            case JsonObject o:
                var other = Assert.IsType<JsonObject>(b);
                Assert.Equal(o.Select(p => p.Key).Order(StringComparer.Ordinal), other.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach (var (key, value) in o)
                {
                    Compare(value, other[key], $"{path}.{key}");
                }

                break;
            case JsonArray array:
                var items = Assert.IsType<JsonArray>(b);
                Assert.True(array.Count == items.Count, $"{path}: {array.Count} items expected, {items.Count} found: {items.ToJsonString()[..Math.Min(300, items.ToJsonString().Length)]}");
                for (var i = 0; i < array.Count; i++)
                {
                    Compare(array[i], items[i], $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.TryGetValue<double>(out var x):
                Assert.True(b is JsonValue w && w.TryGetValue<double>(out var y) && Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x)), $"{path}: expected {x}, got {b?.ToJsonString()}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(a, b), $"{path}: expected {a.ToJsonString()}, got {b?.ToJsonString()}");
                break;
        }
    }
}
