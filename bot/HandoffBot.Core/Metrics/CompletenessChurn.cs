namespace HandoffBot.Core.Metrics;

/// <summary>One AE's or segment's deals: completeness at CS review against early churn (the digest's columns).</summary>
public sealed record ChurnGroup(string Key, int Handoffs, double? MedianCompleteness, ChurnRate EarlyChurn90, ChurnRate EarlyChurn180);

/// <summary>Deals, and of them churned / known at 90 and 180 days after close (<see cref="ChurnRate"/>'s rule).</summary>
public readonly record struct ChurnCell(int Handoffs, int Churned90, int Known90, int Churned180, int Known180)
{
    public static ChurnCell Of(HandoffFacts f, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(f);
        var (c90, e90) = HandoffMetrics.ChurnOf(f, 90, today);
        var (c180, e180) = HandoffMetrics.ChurnOf(f, 180, today);
        return new ChurnCell(1, c90, e90, c180, e180);
    }

    public ChurnCell Plus(ChurnCell other) => new(
        Handoffs + other.Handoffs, Churned90 + other.Churned90, Known90 + other.Known90, Churned180 + other.Churned180, Known180 + other.Known180);

    public ChurnRate Churn(int days) => days switch
    {
        90 => new ChurnRate(Churned90, Known90),
        180 => new ChurnRate(Churned180, Known180),
        _ => throw new ArgumentOutOfRangeException(nameof(days), days, "Early churn is counted at 90 and 180 days."),
    };
}

/// <summary>
/// The digest's completeness-against-churn part — the bands, the reading it leads with, and the columns by
/// AE and by segment — from deals counted per (AE, score) and (segment, score). Scores are whole percents,
/// so the per-score counts give the medians exactly, and both backends hand over the same small table
/// (in memory from the facts; PostgreSQL from one grouped scan) and let this class word it.
/// </summary>
public sealed class CompletenessChurn
{
    private readonly Dictionary<string, Tally> byAe = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Tally> bySegment = new(StringComparer.OrdinalIgnoreCase);

    public static CompletenessChurn Of(IEnumerable<HandoffFacts> facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var churn = new CompletenessChurn();
        foreach (var f in facts)
        {
            var cell = ChurnCell.Of(f, today);
            churn.AddAe(f.Ae, f.CompletenessAtReview, cell);
            churn.AddSegment(f.Segment, f.CompletenessAtReview, cell);
        }

        return churn;
    }

    /// <summary>Adds deals of one AE with one score (null: not reviewed).</summary>
    public void AddAe(string ae, int? score, ChurnCell cell) => For(byAe, ae).Add(score, cell);

    /// <summary>Adds deals of one segment with one score; every deal is added once per segment, so the segments make the whole.</summary>
    public void AddSegment(string segment, int? score, ChurnCell cell) => For(bySegment, segment).Add(score, cell);

    /// <summary>The completeness bands alone, from deals counted per score (null: not reviewed).</summary>
    public static IReadOnlyList<CompletenessBand> BandsOf(IEnumerable<(int? Score, ChurnCell Cell)> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var churn = new CompletenessChurn();
        foreach (var (score, cell) in cells)
        {
            churn.AddSegment("", score, cell);
        }

        return churn.Bands();
    }

    public IReadOnlyList<ChurnGroup> ByAe() => Groups(byAe);

    public IReadOnlyList<ChurnGroup> BySegment() => Groups(bySegment);

    /// <summary>The completeness bands of <see cref="HandoffMetrics.CompletenessBands"/>, over every deal.</summary>
    public IReadOnlyList<CompletenessBand> Bands()
    {
        var all = All();
        return [.. HandoffMetrics.CompletenessBands.Select(b =>
        {
            var cell = all.Sum(score => score >= b.Min && score <= b.Max);
            return new CompletenessBand(b.Label, b.Min, b.Max, cell.Handoffs, cell.Churn(90), cell.Churn(180));
        })];
    }

    /// <summary>What <see cref="DigestBuilder.Reading"/> leads with, over every deal with a score.</summary>
    public CompletenessReading? Reading()
    {
        var all = All();
        return DigestBuilder.PickReading(DigestBuilder.ReadingDays.SelectMany(days => DigestBuilder.ReadingThresholds.Select(threshold =>
            new CompletenessReading(threshold, days, all.Sum(score => score < threshold).Churn(days), all.Sum(score => score >= threshold).Churn(days)))));
    }

    private Tally All()
    {
        var all = new Tally();
        foreach (var tally in bySegment.Values)
        {
            all.Add(tally);
        }

        return all;
    }

    private static List<ChurnGroup> Groups(Dictionary<string, Tally> groups) =>
        [.. groups.Select(g => new ChurnGroup(g.Key, g.Value.Total.Handoffs, g.Value.Median(), g.Value.Total.Churn(90), g.Value.Total.Churn(180)))
            .OrderBy(g => g.Key, StringComparer.Ordinal)];

    private static Tally For(Dictionary<string, Tally> groups, string key)
    {
        if (!groups.TryGetValue(key, out var tally))
        {
            tally = new Tally();
            groups[key] = tally;
        }

        return tally;
    }

    /// <summary>One group's deals per score, and in all (with the deals that have no score).</summary>
    private sealed class Tally
    {
        private readonly SortedDictionary<int, ChurnCell> scored = [];

        public ChurnCell Total { get; private set; }

        public void Add(int? score, ChurnCell cell)
        {
            Total = Total.Plus(cell);
            if (score is { } s)
            {
                scored[s] = scored.GetValueOrDefault(s).Plus(cell);
            }
        }

        public void Add(Tally other)
        {
            Total = Total.Plus(other.Total);
            foreach (var (score, cell) in other.scored)
            {
                scored[score] = scored.GetValueOrDefault(score).Plus(cell);
            }
        }

        public ChurnCell Sum(Func<int, bool> scores)
        {
            var sum = default(ChurnCell);
            foreach (var (score, cell) in scored)
            {
                if (scores(score))
                {
                    sum = sum.Plus(cell);
                }
            }

            return sum;
        }

        /// <summary>The median score, as <see cref="HandoffMetrics.Median"/> gives it over the scores one by one.</summary>
        public double? Median()
        {
            var count = scored.Values.Sum(c => c.Handoffs);
            if (count == 0)
            {
                return null;
            }

            // The values at 0-based positions (count - 1) / 2 and count / 2 of the sorted scores.
            var (low, high) = ((count - 1) / 2, count / 2);
            double? lowValue = null;
            var seen = 0;
            foreach (var (score, cell) in scored)
            {
                seen += cell.Handoffs;
                if (lowValue is null && seen > low)
                {
                    lowValue = score;
                }

                if (seen > high)
                {
                    return count % 2 == 1 ? score : (lowValue!.Value + score) / 2;
                }
            }

            throw new InvalidOperationException("unreachable: the counts add up to count");
        }
    }
}
