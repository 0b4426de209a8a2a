using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>
/// The leaders' measures as pure functions of the handoffs' facts and an "as of" instant. One pass
/// over the facts feeds every group (overall, per AE, per segment, per completeness band), then
/// each group sorts its own values for the medians: a hundred thousand handoffs take well under a second.
/// </summary>
public static class HandoffMetrics
{
    private static readonly (string Label, int Min, int Max)[] Bands = [("0–59%", 0, 59), ("60–79%", 60, 79), ("80–89%", 80, 89), ("90–100%", 90, 100)];

    /// <summary>The completeness bands set against early churn, in order.</summary>
    public static IReadOnlyList<(string Label, int Min, int Max)> CompletenessBands => Bands;

    public static MetricsReport Compute(IReadOnlyList<HandoffFacts> facts, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var all = new Accumulator("all");
        var byAe = new Dictionary<string, Accumulator>(StringComparer.OrdinalIgnoreCase);
        var bySegment = new Dictionary<string, Accumulator>(StringComparer.OrdinalIgnoreCase);
        var bands = Bands.Select(b => new Accumulator(b.Label)).ToArray();
        var breaches = new Dictionary<(Stage, string), int>();
        foreach (var f in facts)
        {
            var breachCount = 0;
            foreach (var b in f.BreachesAsOf(asOf))
            {
                breachCount++;
                breaches[(b.Stage, b.Owner)] = breaches.GetValueOrDefault((b.Stage, b.Owner)) + 1;
            }

            all.Add(f, breachCount, today);
            For(byAe, f.Ae).Add(f, breachCount, today);
            For(bySegment, f.Segment).Add(f, breachCount, today);
            if (f.CompletenessAtReview is { } score && Array.FindIndex(Bands, b => score >= b.Min && score <= b.Max) is var band and >= 0)
            {
                bands[band].Add(f, breachCount, today);
            }
        }

        return new MetricsReport(
            asOf,
            all.Build(),
            [.. byAe.Values.Select(a => a.Build()).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. bySegment.Values.Select(a => a.Build()).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. breaches.Select(kv => new BreachCount(kv.Key.Item1, kv.Key.Item2, kv.Value))
                .OrderBy(b => b.Stage).ThenByDescending(b => b.Count).ThenBy(b => b.Owner, StringComparer.Ordinal)],
            [.. Bands.Select((b, i) => new CompletenessBand(b.Label, b.Min, b.Max, bands[i].Count, bands[i].Churn90, bands[i].Churn180))]);
    }

    public static GroupMetrics Group(string key, IReadOnlyList<HandoffFacts> facts, DateOnly today, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var group = new Accumulator(key);
        foreach (var f in facts)
        {
            group.Add(f, f.BreachesAsOf(asOf).Count(), today);
        }

        return group.Build();
    }

    public static StageTimes MedianTimes(IReadOnlyList<HandoffFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var group = new Accumulator("");
        foreach (var f in facts)
        {
            group.AddTimes(f);
        }

        return group.Times();
    }

    public static PollSummary Polls(IEnumerable<PollAnswer> answers)
    {
        var polls = new PollCounter();
        foreach (var a in answers)
        {
            polls.Add(a);
        }

        return polls.Build();
    }

    /// <summary>Early churn within <paramref name="days"/> of close; see <see cref="ChurnRate"/> for who counts.</summary>
    public static ChurnRate Churn(IReadOnlyList<HandoffFacts> facts, int days, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var (churned, eligible) = (0, 0);
        foreach (var f in facts)
        {
            var (c, e) = ChurnOf(f, days, today);
            churned += c;
            eligible += e;
        }

        return new ChurnRate(churned, eligible);
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

    /// <summary>(churned early, counts at all): churned within the days, or old enough to know it did not.</summary>
    internal static (int Churned, int Eligible) ChurnOf(HandoffFacts f, int days, DateOnly today) =>
        f.ChurnedOn is { } on && on.DayNumber - f.CloseDate.DayNumber <= days ? (1, 1)
        : today.DayNumber - f.CloseDate.DayNumber >= days ? (0, 1)
        : (0, 0);

    private static Accumulator For(Dictionary<string, Accumulator> groups, string key)
    {
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Accumulator(key);
            groups[key] = group;
        }

        return group;
    }

    private sealed class Accumulator(string key)
    {
        private readonly List<double> completeness = [];
        private readonly List<double>[] times = [[], [], [], [], []];
        private readonly PollCounter polls = new();
        private int breaches;
        private int churned90;
        private int eligible90;
        private int churned180;
        private int eligible180;

        public int Count { get; private set; }

        public ChurnRate Churn90 => new(churned90, eligible90);

        public ChurnRate Churn180 => new(churned180, eligible180);

        public void Add(HandoffFacts f, int breachCount, DateOnly today)
        {
            Count++;
            breaches += breachCount;
            if (f.CompletenessAtReview is { } c)
            {
                completeness.Add(c);
            }

            AddTimes(f);
            foreach (var answer in f.Polls)
            {
                polls.Add(answer);
            }

            var (c90, e90) = ChurnOf(f, 90, today);
            var (c180, e180) = ChurnOf(f, 180, today);
            (churned90, eligible90, churned180, eligible180) = (churned90 + c90, eligible90 + e90, churned180 + c180, eligible180 + e180);
        }

        public void AddTimes(HandoffFacts f)
        {
            Put(0, f.CloseToContext);
            Put(1, f.ContextToAccepted);
            Put(2, f.AcceptedToIntro);
            Put(3, f.IntroToKickoff);
            Put(4, f.CloseToKickoff);
        }

        public StageTimes Times() => new(Median(times[0]), Median(times[1]), Median(times[2]), Median(times[3]), Median(times[4]));

        public GroupMetrics Build() => new(
            key, Count, Median(completeness), completeness.Count == 0 ? null : completeness.Average(), Times(), breaches, polls.Build(), Churn90, Churn180);

        private void Put(int index, double? value)
        {
            if (value is { } v)
            {
                times[index].Add(v);
            }
        }
    }

    private sealed class PollCounter
    {
        private int answers, yes, partly, no, expectations, firstValue, low, medium, high;

        public void Add(PollAnswer a)
        {
            answers++;
            expectations += a.ExpectationsRealistic;
            switch (a.MatchedWhatWasSold)
            {
                case DealMatch.Yes: yes++; break;
                case DealMatch.Partly: partly++; break;
                case DealMatch.No: no++; break;
            }

            switch (a.ChurnRisk)
            {
                case Severity.Low: low++; break;
                case Severity.Medium: medium++; break;
                case Severity.High: high++; break;
            }

            if (a.FirstValueOn is not null)
            {
                firstValue++;
            }
        }

        public PollSummary Build() => new(answers, yes, partly, no, answers == 0 ? null : (double)expectations / answers, firstValue, low, medium, high);
    }
}
