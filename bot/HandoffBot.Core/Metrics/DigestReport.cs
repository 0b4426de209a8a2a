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

    /// <summary>A chart (PNG), e.g. median days per stage by segment; served from ChartUrl for cards.</summary>
    public byte[]? ChartPng { get; init; }

    public string? ChartUrl { get; init; }
}

/// <summary>One line of a digest table: a label and its value, with an optional note.</summary>
public sealed record DigestRow(string Label, string Value, string? Note = null);
