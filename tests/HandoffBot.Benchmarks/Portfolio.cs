using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;

namespace HandoffBot.Benchmarks;

/// <summary>A deterministic portfolio: 40 AEs, 3 segments, a year of closes, polls, breaches and some churn.</summary>
public static class Portfolio
{
    private static readonly string[] Segments = ["Enterprise", "Mid-Market", "SMB"];

    public static List<HandoffFacts> Generate(int count, DateTimeOffset asOf)
    {
        var random = new Random(42);
        var list = new List<HandoffFacts>(count);
        for (var i = 0; i < count; i++)
        {
            var close = DateOnly.FromDateTime(asOf.UtcDateTime).AddDays(-random.Next(1, 365));
            var created = new DateTimeOffset(close.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero);
            var accepted = random.NextDouble() < 0.9;
            list.Add(new HandoffFacts
            {
                Id = $"HO-{i:D7}",
                Account = $"Account {i}",
                Ae = $"ae{random.Next(40)}@example.com",
                Segment = Segments[random.Next(Segments.Length)],
                CloseDate = close,
                CreatedAt = created,
                ContextCompleteAt = created.AddDays(random.Next(0, 5)),
                AcceptedAt = accepted ? created.AddDays(random.Next(1, 7)) : null,
                IntroAt = accepted ? created.AddDays(random.Next(3, 10)) : null,
                KickoffAt = accepted ? created.AddDays(random.Next(7, 20)) : null,
                CompletenessAtReview = random.Next(40, 101),
                CloseToContext = random.NextDouble() * 5,
                ContextToAccepted = accepted ? random.NextDouble() * 2 : null,
                AcceptedToIntro = accepted ? random.NextDouble() * 4 : null,
                IntroToKickoff = accepted ? random.NextDouble() * 8 : null,
                CloseToKickoff = accepted ? random.NextDouble() * 20 : null,
                Breaches = random.NextDouble() < 0.2 ? [new SlaBreach((Stage)random.Next(2, 7), $"owner{random.Next(60)}@example.com", created.AddDays(2))] : [],
                Polls = accepted && random.NextDouble() < 0.6
                    ? [new PollAnswer(30, (DealMatch)random.Next(3), random.Next(1, 6), null, (Severity)random.Next(3), null, "csm@example.com", created.AddDays(45))]
                    : [],
                Rejections = random.NextDouble() < 0.1 ? [new Rejection((RejectionReason)random.Next(6), "x", "cs@example.com", created.AddDays(1))] : [],
                ChurnedOn = random.NextDouble() < 0.05 ? close.AddDays(random.Next(30, 200)) : null,
            });
        }

        return list;
    }
}
