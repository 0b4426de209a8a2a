
namespace HandoffBot.Core.Metrics;

/// <summary>Renders a chart to PNG and makes it reachable by a link the cards can show.</summary>
public interface IDigestCharts
{
    Task<(byte[] Png, string? Url)> PublishAsync(ChartData chart, CancellationToken ct);
}

/// <summary>Metrics and digests over every handoff, from the stored facts projection (<see cref="IMetricsSource"/>).</summary>
public sealed class DigestService(IMetricsSource source, IDigestCharts charts, TimeProvider time)
{
    /// <summary>All measures, optionally only for deals closed in [<paramref name="closedFrom"/>, <paramref name="closedTo"/>].</summary>
    public Task<MetricsReport> MetricsAsync(DateOnly? closedFrom = null, DateOnly? closedTo = null, CancellationToken ct = default) =>
        source.MetricsAsync(closedFrom, closedTo, time.GetUtcNow(), ct);

    /// <summary>The digest for [<paramref name="from"/>, <paramref name="to"/>] (local dates in <paramref name="zone"/>), with its chart.</summary>
    public async Task<DigestReport> BuildAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, CancellationToken ct = default)
    {
        var (report, chart) = await source.DigestAsync(from, to, zone, time.GetUtcNow(), ct);
        if (report.CompletenessBands.Any(b => b.EarlyChurn90.Eligible > 0))
        {
            var (churnPng, churnUrl) = await charts.PublishAsync(DigestBuilder.ChurnChart(report.CompletenessBands, report.ChurnByAe, report.ChurnBySegment), ct);
            report = report with { ChurnChartPng = churnPng, ChurnChartUrl = churnUrl };
        }

        if (chart.Series.Count == 0)
        {
            return report;
        }

        var (png, url) = await charts.PublishAsync(chart, ct);
        return report with { ChartPng = png, ChartUrl = url };
    }

    /// <summary>The seven days ending with <paramref name="day"/> (the digest on demand: today so far included).</summary>
    public static (DateOnly From, DateOnly To) LastSevenDays(DateOnly day) => (day.AddDays(-6), day);

    /// <summary>The seven days before <paramref name="day"/> (the weekly digest sent on that day).</summary>
    public static (DateOnly From, DateOnly To) WeekBefore(DateOnly day) => (day.AddDays(-7), day.AddDays(-1));
}
