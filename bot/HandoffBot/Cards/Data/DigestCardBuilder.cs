using System.Globalization;
using HandoffBot.Core.Metrics;

namespace HandoffBot.Cards.Data;

/// <summary>The digest's data: the week's numbers, and completeness at handoff against early churn.</summary>
public static class DigestCardBuilder
{
    public static DigestData Build(CardContext ctx, DigestReport r, string summary)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(r);
        return new DigestData(
            summary,
            CardContext.Date(r.From),
            CardContext.Date(r.To),
            r.HandoffCount,
            r.Breaches,
            CardContext.Url(r.ChartUrl) is { Length: > 0 } chart ? new ChartRef(chart, "Median business days per stage by segment") : null,
            Churn(ctx, r),
            Rows(ctx, r.Medians),
            Rows(ctx, r.BreachRows),
            Rows(ctx, r.PollRows),
            Rows(ctx, r.RejectionReasons),
            Rows(ctx, r.ChurnFlags));
    }

    /// <summary>"Deals handed off under 80% complete churned 3.0× as often within 180 days (2 of 5 vs 1 of 8)."</summary>
    public static string Reading(CompletenessReading? reading)
    {
        if (reading is null)
        {
            return $"Too few handoffs have a known 90-day outcome yet to compare completeness with early churn (at least {DigestBuilder.ReadingMinimum} on each side).";
        }

        var below = reading.Below;
        var above = reading.Above;
        var counts = $"({below.Churned} of {below.Eligible} vs {above.Churned} of {above.Eligible})";
        var how = reading.Ratio switch
        {
            { } ratio when ratio >= 1.05 => $"churned {ratio.ToString("0.0", CultureInfo.InvariantCulture)}× as often",
            { } ratio when ratio <= 0.95 => $"churned less often ({Percent(below.Rate)} vs {Percent(above.Rate)})",
            { } => "churned about as often",
            null when below.Churned > 0 => "churned; the others did not",
            null => "did not churn either",
        };
        return $"Deals handed off under {reading.Threshold}% complete {how} within {reading.Days} days {counts}.";
    }

    private static ChurnData Churn(CardContext ctx, DigestReport r)
    {
        ChurnRow Row(string name, int handoffs, double? completeness, ChurnRate c90, ChurnRate c180) =>
            new(name, handoffs, completeness is { } c ? c.ToString("0", CultureInfo.InvariantCulture) + "%" : "—", Rate(c90), Rate(c180));

        return new ChurnData(
            ctx.Md(Reading(r.Reading), 500),
            CardContext.Url(r.ChurnChartUrl) is { Length: > 0 } chart ? new ChartRef(chart, "Early churn by completeness at handoff") : null,
            [.. r.CompletenessBands.Select(b => Row(b.Label, b.Handoffs, null, b.EarlyChurn90, b.EarlyChurn180) with { Completeness = b.Label })],
            [.. r.ChurnByAe.Take(15).Select(g => Row(ctx.Person(g.Key).Label, g.Handoffs, g.MedianCompleteness, g.EarlyChurn90, g.EarlyChurn180))],
            [.. r.ChurnBySegment.Take(15).Select(g => Row(ctx.Md(g.Key, 100), g.Handoffs, g.MedianCompleteness, g.EarlyChurn90, g.EarlyChurn180))],
            CardContext.Url(r.ChurnChartUrl) is { Length: > 0 } url ? NumbersUrl(url) : "");
    }

    /// <summary>The numbers behind the churn chart, as CSV, sit beside it (same signed link, .csv).</summary>
    private static string NumbersUrl(string chartUrl)
    {
        var q = chartUrl.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? chartUrl : chartUrl[..q];
        return path.EndsWith(".png", StringComparison.Ordinal) ? path[..^4] + ".csv" + (q < 0 ? "" : chartUrl[q..]) : "";
    }

    private static string Rate(ChurnRate r) => r.Eligible == 0 ? "—" : $"{r.Churned} of {r.Eligible} ({Percent(r.Rate)})";

    private static string Percent(double? rate) => rate is { } x ? (x * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "—";

    private static List<RowData> Rows(CardContext ctx, IReadOnlyList<DigestRow> rows)
    {
        var list = rows.Take(9).Select(row => new RowData(
            ctx.Md(row.Email is { } email ? $"{row.Label} · {ctx.PersonPlain(email)}" : row.Label, 200),
            ctx.Md(row.Value, 300),
            ctx.Md(row.Note, 300))).ToList();
        if (rows.Count > 9)
        {
            list.Add(new RowData($"… and {rows.Count - 9} more", "", ""));
        }

        return list;
    }
}
