using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>The leaders' measures as pure functions of the handoffs' facts and an "as of" instant.</summary>
public static class HandoffMetrics
{
    private static readonly (string Label, int Min, int Max)[] Bands = [("0–59%", 0, 59), ("60–79%", 60, 79), ("80–89%", 80, 89), ("90–100%", 90, 100)];

    public static MetricsReport Compute(IReadOnlyList<HandoffFacts> facts, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var breaches = facts.SelectMany(f => f.BreachesAsOf(asOf)).ToList();
        return new MetricsReport(
            asOf,
            Group("all", facts, today, asOf),
            [.. facts.GroupBy(f => f.Ae, StringComparer.OrdinalIgnoreCase).Select(g => Group(g.Key, [.. g], today, asOf)).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. facts.GroupBy(f => f.Segment, StringComparer.OrdinalIgnoreCase).Select(g => Group(g.Key, [.. g], today, asOf)).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. breaches.GroupBy(b => (b.Stage, b.Owner)).Select(g => new BreachCount(g.Key.Stage, g.Key.Owner, g.Count()))
                .OrderBy(b => b.Stage).ThenByDescending(b => b.Count).ThenBy(b => b.Owner, StringComparer.Ordinal)],
            [.. Bands.Select(b =>
            {
                var inBand = facts.Where(f => f.CompletenessAtReview is { } c && c >= b.Min && c <= b.Max).ToList();
                return new CompletenessBand(b.Label, b.Min, b.Max, inBand.Count, Churn(inBand, 90, today), Churn(inBand, 180, today));
            })]);
    }

    public static GroupMetrics Group(string key, IReadOnlyList<HandoffFacts> facts, DateOnly today, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var completeness = facts.Where(f => f.CompletenessAtReview is not null).Select(f => (double)f.CompletenessAtReview!.Value).ToList();
        return new GroupMetrics(
            key,
            facts.Count,
            Median(completeness),
            completeness.Count == 0 ? null : completeness.Average(),
            MedianTimes(facts),
            facts.Sum(f => f.BreachesAsOf(asOf).Count()),
            Polls(facts.SelectMany(f => f.Polls)),
            Churn(facts, 90, today),
            Churn(facts, 180, today));
    }

    public static StageTimes MedianTimes(IReadOnlyList<HandoffFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new StageTimes(
            Median(facts, f => f.CloseToContext),
            Median(facts, f => f.ContextToAccepted),
            Median(facts, f => f.AcceptedToIntro),
            Median(facts, f => f.IntroToKickoff),
            Median(facts, f => f.CloseToKickoff));
    }

    public static PollSummary Polls(IEnumerable<PollAnswer> answers)
    {
        var list = answers.ToList();
        return new PollSummary(
            list.Count,
            list.Count(a => a.MatchedWhatWasSold == DealMatch.Yes),
            list.Count(a => a.MatchedWhatWasSold == DealMatch.Partly),
            list.Count(a => a.MatchedWhatWasSold == DealMatch.No),
            list.Count == 0 ? null : list.Average(a => a.ExpectationsRealistic),
            list.Count(a => a.FirstValueOn is not null),
            list.Count(a => a.ChurnRisk == Severity.Low),
            list.Count(a => a.ChurnRisk == Severity.Medium),
            list.Count(a => a.ChurnRisk == Severity.High));
    }

    /// <summary>Early churn within <paramref name="days"/> of close; see <see cref="ChurnRate"/> for who counts.</summary>
    public static ChurnRate Churn(IReadOnlyList<HandoffFacts> facts, int days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var churned = 0;
        var eligible = 0;
        foreach (var f in facts)
        {
            var early = f.ChurnedOn is { } on && on.DayNumber - f.CloseDate.DayNumber <= days;
            if (early)
            {
                churned++;
                eligible++;
            }
            else if (today.DayNumber - f.CloseDate.DayNumber >= days)
            {
                eligible++;
            }
        }

        return new ChurnRate(churned, eligible);
    }

    private static double? Median(IReadOnlyList<HandoffFacts> facts, Func<HandoffFacts, double?> value)
    {
        var values = new List<double>(facts.Count);
        foreach (var f in facts)
        {
            if (value(f) is { } v)
            {
                values.Add(v);
            }
        }

        return Median(values);
    }

    public static double? Median(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
