using HandoffBot.Core.Metrics;
using HandoffBot.Core.Timing;
using HandoffBot.Core.Storage;

namespace HandoffBot.Timing;

/// <summary>
/// The digest chart: ScottPlot draws it (headless, through SkiaSharp's bundled native library),
/// the PNG is kept in the store (<see cref="IChartStore"/>) and served at a signed link the cards can show.
/// </summary>
public sealed class DigestCharts(IChartStore store, IPublicLinks links, TimeProvider time) : IDigestCharts
{
    /// <summary>Charts are kept as long as a digest card might still show them.</summary>
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(180);

    public async Task<(byte[] Png, string? Url)> PublishAsync(ChartData chart, CancellationToken ct)
    {
        var png = Render(chart);
        var id = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        await store.SaveAsync(id, png, Csv(chart), now, now - KeepFor, ct);
        return (png, links.Chart(id));
    }

    public Task<byte[]?> FindAsync(string id, CancellationToken ct = default) => store.FindPngAsync(id, ct);

    /// <summary>The numbers behind a chart as CSV (its table, or its bars), for the "the numbers" link beside it.</summary>
    public Task<string?> FindCsvAsync(string id, CancellationToken ct = default) => store.FindCsvAsync(id, ct);

    public static string Csv(ChartData chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var rows = chart.Table ?? [["category", .. chart.Series.Select(s => s.Name)], .. chart.Categories.Select((c, i) =>
            (IReadOnlyList<string>)[c, .. chart.Series.Select(s => i < s.Values.Count && s.Values[i] is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")])];
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = new CsvHelper.CsvWriter(text, System.Globalization.CultureInfo.InvariantCulture))
        {
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    public static byte[] Render(ChartData chart, int width = 900, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = chart.Categories.Count;
        var perGroup = Math.Max(1, chart.Series.Count);
        var width1 = 0.8 / perGroup;
        var bars = new List<ScottPlot.Bar>();
        for (var s = 0; s < chart.Series.Count; s++)
        {
            var series = chart.Series[s];
            for (var c = 0; c < groups && c < series.Values.Count; c++)
            {
                if (series.Values[c] is { } value)
                {
                    bars.Add(new ScottPlot.Bar { Position = c + (s - (perGroup - 1) / 2.0) * width1, Value = value, Size = width1 * 0.95, FillColor = palette.GetColor(s) });
                }
            }

            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = series.Name, FillColor = palette.GetColor(s) });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, groups).Select(i => (double)i)], [.. chart.Categories]);
        plot.Axes.Margins(bottom: 0, top: 0.1);
        plot.Title(chart.Title);
        plot.YLabel(chart.YLabel);
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }
}
