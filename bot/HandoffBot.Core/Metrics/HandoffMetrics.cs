using System.Buffers;
using System.Runtime.InteropServices;
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
            for (var i = 0; i < f.Breaches.Count + 1; i++)
            {
                // The closed clocks that ran out, then the running one if it is overdue (BreachesAsOf, without its iterator).
                if ((i < f.Breaches.Count ? f.Breaches[i] : f.OpenClock is { } open && open.DueAt < asOf ? open : null) is { } b)
                {
                    breachCount++;
                    CollectionsMarshal.GetValueRefOrAddDefault(breaches, (b.Stage, b.Owner), out _)++;
                }
            }

            all.Add(f, breachCount, today);
            For(byAe, f.Ae).Add(f, breachCount, today);
            For(bySegment, f.Segment).Add(f, breachCount, today);
            if (f.CompletenessAtReview is { } score && BandOf(score) is var band and >= 0)
            {
                bands[band].Add(f, breachCount, today);
            }
        }

        var report = new MetricsReport(
            asOf,
            all.Build(),
            [.. byAe.Values.Select(a => a.Build()).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. bySegment.Values.Select(a => a.Build()).OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. breaches.Select(kv => new BreachCount(kv.Key.Item1, kv.Key.Item2, kv.Value))
                .OrderBy(b => b.Stage).ThenByDescending(b => b.Count).ThenBy(b => b.Owner, StringComparer.Ordinal)],
            [.. Bands.Select((b, i) => new CompletenessBand(b.Label, b.Min, b.Max, bands[i].Count, bands[i].Churn90, bands[i].Churn180))]);
        foreach (var group in byAe.Values.Concat(bySegment.Values).Concat(bands).Append(all))
        {
            group.Dispose();
        }

        return report;
    }

    private static int BandOf(int score)
    {
        for (var i = 0; i < Bands.Length; i++)
        {
            if (score >= Bands[i].Min && score <= Bands[i].Max)
            {
                return i;
            }
        }

        return -1;
    }

    public static GroupMetrics Group(string key, IReadOnlyList<HandoffFacts> facts, DateOnly today, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        using var group = new Accumulator(key);
        foreach (var f in facts)
        {
            group.Add(f, f.BreachesAsOf(asOf).Count(), today);
        }

        return group.Build();
    }

    public static StageTimes MedianTimes(IReadOnlyList<HandoffFacts> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        using var group = new Accumulator("");
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

    /// <summary>One group's counts, and its values for the medians in buffers borrowed from the shared pool (a hundred thousand values are large-object garbage otherwise).</summary>
    private sealed class Accumulator(string key) : IDisposable
    {
        private readonly Values completeness = new();
        private readonly Values[] times = [new(), new(), new(), new(), new()];
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
            for (var i = 0; i < f.Polls.Count; i++)
            {
                polls.Add(f.Polls[i]);
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

        public StageTimes Times() => new(times[0].Median(), times[1].Median(), times[2].Median(), times[3].Median(), times[4].Median());

        public GroupMetrics Build() => new(
            key, Count, completeness.Median(), completeness.Average(), Times(), breaches, polls.Build(), Churn90, Churn180);

        public void Dispose()
        {
            completeness.Dispose();
            foreach (var values in times)
            {
                values.Dispose();
            }
        }

        private void Put(int index, double? value)
        {
            if (value is { } v)
            {
                times[index].Add(v);
            }
        }
    }

    /// <summary>A growing list of numbers in a pooled array; the median as <see cref="Median"/> gives it.</summary>
    private sealed class Values : IDisposable
    {
        private double[] items = [];
        private int count;

        public void Add(double value)
        {
            if (count == items.Length)
            {
                var larger = ArrayPool<double>.Shared.Rent(Math.Max(16, count * 2));
                items.AsSpan(0, count).CopyTo(larger);
                Return();
                items = larger;
            }

            items[count++] = value;
        }

        public double? Median()
        {
            if (count == 0)
            {
                return null;
            }

            var values = items.AsSpan(0, count);
            values.Sort();
            var mid = count / 2;
            return count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        }

        /// <summary>The mean (scores are whole numbers, so the order they are summed in changes nothing).</summary>
        public double? Average()
        {
            if (count == 0)
            {
                return null;
            }

            var sum = 0.0;
            foreach (var v in items.AsSpan(0, count))
            {
                sum += v;
            }

            return sum / count;
        }

        public void Dispose()
        {
            Return();
            (items, count) = ([], 0);
        }

        private void Return()
        {
            if (items.Length > 0)
            {
                ArrayPool<double>.Shared.Return(items);
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
