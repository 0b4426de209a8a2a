namespace HandoffBot.Core.Metrics;

/// <summary>What a sales leader reads in the digest. Built from the metrics; rendered by the cards.</summary>
public sealed record DigestReport
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required int HandoffCount { get; init; }
    public required int Breaches { get; init; }

    /// <summary>Median business days per stage transition ("close → context complete" …), by segment where known.</summary>
    public IReadOnlyList<DigestRow> Medians { get; init; } = [];

    /// <summary>SLA breaches by stage and owner.</summary>
    public IReadOnlyList<DigestRow> BreachRows { get; init; } = [];

    /// <summary>Poll results by AE and by segment.</summary>
    public IReadOnlyList<DigestRow> PollRows { get; init; } = [];

    public IReadOnlyList<DigestRow> RejectionReasons { get; init; } = [];

    /// <summary>Accounts flagged for early churn (or high churn risk).</summary>
    public IReadOnlyList<DigestRow> ChurnFlags { get; init; } = [];

    /// <summary>Completeness at CS review set against early churn (90/180 days), over every handoff old enough to tell.</summary>
    public IReadOnlyList<CompletenessBand> CompletenessBands { get; init; } = [];

    /// <summary>The same by AE (key: the AE's email) and by segment.</summary>
    public IReadOnlyList<ChurnGroup> ChurnByAe { get; init; } = [];

    public IReadOnlyList<ChurnGroup> ChurnBySegment { get; init; } = [];

    /// <summary>The comparison the digest leads with; null while too few handoffs have a known outcome.</summary>
    public CompletenessReading? Reading { get; init; }

    /// <summary>The chart of early churn by completeness band, and where the cards find it.</summary>
    public byte[]? ChurnChartPng { get; init; }

    public string? ChurnChartUrl { get; init; }

    /// <summary>A chart (PNG), e.g. median days per stage by segment; served from ChartUrl for cards.</summary>
    public byte[]? ChartPng { get; init; }

    public string? ChartUrl { get; init; }
}

/// <summary>One line of a digest table: a label and its value, with an optional note and the person it is about.</summary>
/// <param name="Email">The person the row is about (an owner, an AE), so a card can show them by name.</param>
public sealed record DigestRow(string Label, string Value, string? Note = null, string? Email = null);

/// <summary>
/// Early churn of deals handed off under <see cref="Threshold"/>% complete against the rest, within
/// <see cref="Days"/> days of close: "deals handed off under 80 % complete churned 3× as often".
/// </summary>
public sealed record CompletenessReading(int Threshold, int Days, ChurnRate Below, ChurnRate Above)
{
    /// <summary>How many times as often the less complete deals churned; null when the others never did.</summary>
    public double? Ratio => Below.Rate is { } b && Above.Rate is { } a && a > 0 ? b / a : null;
}
