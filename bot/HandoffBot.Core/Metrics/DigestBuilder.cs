using System.Globalization;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>A grouped bar chart: one group per category, one bar per series (e.g. stage transitions × segments).</summary>
/// <param name="Table">The numbers behind the chart, row by row (the first row is the header); served beside it as CSV.</param>
public sealed record ChartData(string Title, string YLabel, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, IReadOnlyList<IReadOnlyList<string>>? Table = null);

public sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// The weekly (or on-demand) digest for sales leaders, as a pure function: the period's handoffs,
/// medians per stage, breaches, poll results by AE and segment, rejection reasons and early-churn
/// flags, in the reader's time zone; plus the chart's data (median business days per stage by
/// segment over the 13 weeks up to the period's end, so it has enough data to mean something).
/// </summary>
public static class DigestBuilder
{
    public const int ChartWeeks = 13;

    public static (DigestReport Report, ChartData Chart) Build(IReadOnlyList<HandoffFacts> facts, DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zone);
        // The period's local days as one UTC interval, so each instant costs two comparisons.
        var start = Playbooks.BusinessCalendar.ToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
        var end = Playbooks.BusinessCalendar.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        bool In(DateTimeOffset? at) => at is { } a && a >= start && a < end;
        var created = facts.Where(f => In(f.CreatedAt)).ToList();
        var breaches = facts.SelectMany(f => f.BreachesAsOf(asOf)).Where(b => In(b.DueAt)).ToList();
        var answers = facts.SelectMany(f => f.Polls.Select(p => (Fact: f, Answer: p))).Where(x => In(x.Answer.At)).ToList();
        var report = new DigestReport
        {
            From = from,
            To = to,
            HandoffCount = created.Count,
            Breaches = breaches.Count,
            Medians = MedianRows(facts, In),
            BreachRows = [.. breaches.GroupBy(b => (b.Stage, b.Owner)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Stage)
                .Select(g => new DigestRow(g.Key.Stage.Display(), Count(g.Count()), Email: g.Key.Owner))],
            PollRows = [.. PollRows("AE", answers.GroupBy(x => x.Fact.Ae, StringComparer.OrdinalIgnoreCase), person: true),
                .. PollRows("Segment", answers.GroupBy(x => x.Fact.Segment, StringComparer.OrdinalIgnoreCase), person: false)],
            RejectionReasons = [.. facts.SelectMany(f => f.Rejections).Where(r => In(r.At)).GroupBy(r => r.Reason)
                .OrderByDescending(g => g.Count()).Select(g => new DigestRow(Words(g.Key.ToString()), Count(g.Count())))],
            ChurnFlags = ChurnFlags(facts, answers.Select(x => x).ToList(), from, to),
        };
        var metrics = HandoffMetrics.Compute(facts, asOf);
        report = report with
        {
            CompletenessBands = metrics.CompletenessVsChurn,
            ChurnByAe = metrics.ByAe,
            ChurnBySegment = metrics.BySegment,
            Reading = Reading(facts, DateOnly.FromDateTime(asOf.UtcDateTime)),
        };
        return (report, Chart(facts, to));
    }

    /// <summary>
    /// The comparison the digest leads with: deals handed off under a completeness threshold against
    /// the rest, within 180 days of close (90 when too few are that old). The threshold is the one
    /// that separates the churn rates most, among those with at least <see cref="ReadingMinimum"/>
    /// deals of known outcome on each side; null when no threshold has that many.
    /// </summary>
    public static CompletenessReading? Reading(IReadOnlyList<HandoffFacts> facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var scored = facts.Where(f => f.CompletenessAtReview is not null).ToList();
        foreach (var days in new[] { 180, 90 })
        {
            CompletenessReading? best = null;
            foreach (var threshold in new[] { 60, 70, 80, 90 })
            {
                var below = HandoffMetrics.Churn([.. scored.Where(f => f.CompletenessAtReview < threshold)], days, today);
                var above = HandoffMetrics.Churn([.. scored.Where(f => f.CompletenessAtReview >= threshold)], days, today);
                if (below.Eligible < ReadingMinimum || above.Eligible < ReadingMinimum)
                {
                    continue;
                }

                var candidate = new CompletenessReading(threshold, days, below, above);
                if (best is null || Gap(candidate) > Gap(best))
                {
                    best = candidate;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>Deals of known outcome needed on each side of the threshold before the digest draws a conclusion.</summary>
    public const int ReadingMinimum = 3;

    private static double Gap(CompletenessReading r) => (r.Below.Rate ?? 0) - (r.Above.Rate ?? 0);

    /// <summary>
    /// Early churn (90 and 180 days) by completeness band at CS review, in percent; the numbers behind
    /// it (by band, by AE and by segment: deals, median completeness, churned and known at 90/180 days) ride along as its table.
    /// </summary>
    public static ChartData ChurnChart(IReadOnlyList<CompletenessBand> bands, IReadOnlyList<GroupMetrics>? byAe = null, IReadOnlyList<GroupMetrics>? bySegment = null)
    {
        ArgumentNullException.ThrowIfNull(bands);
        static double? Percent(ChurnRate r) => r.Rate is { } rate ? Math.Round(rate * 100, 1) : null;
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        static IReadOnlyList<string> Row(string group, string name, int handoffs, double? completeness, ChurnRate c90, ChurnRate c180) =>
            [group, name, N(handoffs), completeness?.ToString("0", CultureInfo.InvariantCulture) ?? "", N(c90.Churned), N(c90.Eligible), N(c180.Churned), N(c180.Eligible)];
        var table = new List<IReadOnlyList<string>>
        {
            new[] { "group", "name", "handoffs", "median completeness at review (%)", "churned within 90 days", "outcome known at 90 days", "churned within 180 days", "outcome known at 180 days" },
        };
        table.AddRange(bands.Select(b => Row("completeness band", b.Label, b.Handoffs, null, b.EarlyChurn90, b.EarlyChurn180)));
        table.AddRange((byAe ?? []).Select(g => Row("AE", g.Key, g.Handoffs, g.MedianCompleteness, g.EarlyChurn90, g.EarlyChurn180)));
        table.AddRange((bySegment ?? []).Select(g => Row("segment", g.Key, g.Handoffs, g.MedianCompleteness, g.EarlyChurn90, g.EarlyChurn180)));
        return new ChartData(
            "Early churn by completeness at handoff (% of deals)",
            "% churned",
            [.. bands.Select(b => $"{b.Label} (n={b.Handoffs})")],
            [new ChartSeries("within 90 days", [.. bands.Select(b => Percent(b.EarlyChurn90))]), new ChartSeries("within 180 days", [.. bands.Select(b => Percent(b.EarlyChurn180))])],
            table);
    }

    /// <summary>Median business days for each transition completed in the period, overall and by segment.</summary>
    private static List<DigestRow> MedianRows(IReadOnlyList<HandoffFacts> facts, Func<DateTimeOffset?, bool> inPeriod)
    {
        var rows = new List<DigestRow>();
        var transitions = new (string Label, Func<HandoffFacts, DateTimeOffset?> End, Func<HandoffFacts, double?> Days)[]
        {
            ("Close → context complete", f => f.ContextCompleteAt, f => f.CloseToContext),
            ("Context complete → accepted", f => f.AcceptedAt, f => f.ContextToAccepted),
            ("Accepted → intro", f => f.IntroAt, f => f.AcceptedToIntro),
            ("Intro → kickoff", f => f.KickoffAt, f => f.IntroToKickoff),
        };
        foreach (var (label, end, days) in transitions)
        {
            var done = facts.Where(f => inPeriod(end(f)) && days(f) is not null).ToList();
            if (done.Count == 0)
            {
                rows.Add(new DigestRow(label, "—", "none this period"));
                continue;
            }

            var bySegment = done.GroupBy(f => f.Segment, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {Days(HandoffMetrics.Median([.. g.Select(f => days(f)!.Value)]))}");
            rows.Add(new DigestRow(label, Days(HandoffMetrics.Median([.. done.Select(f => days(f)!.Value)])), $"n={done.Count}; " + string.Join(", ", bySegment)));
        }

        return rows;
    }

    private static IEnumerable<DigestRow> PollRows(string by, IEnumerable<IGrouping<string, (HandoffFacts Fact, PollAnswer Answer)>> groups, bool person) =>
        groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var s = HandoffMetrics.Polls(g.Select(x => x.Answer));
            var expectations = s.AverageExpectations is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "—";
            return new DigestRow(person ? by : $"{by} {g.Key}", $"{s.Answers} answer(s): matched yes {s.Yes}, partly {s.Partly}, no {s.No}",
                $"expectations {expectations}/5; first value {s.FirstValueReached}; churn risk high {s.RiskHigh}", person ? g.Key : null);
        });

    private static List<DigestRow> ChurnFlags(IReadOnlyList<HandoffFacts> facts, List<(HandoffFacts Fact, PollAnswer Answer)> answers, DateOnly from, DateOnly to)
    {
        var rows = facts.Where(f => f.ChurnedOn is { } on && on >= from && on <= to && on.DayNumber - f.CloseDate.DayNumber <= 180)
            .OrderBy(f => f.ChurnedOn).Select(f => new DigestRow(f.Account, $"churned {f.ChurnedOn!.Value.DayNumber - f.CloseDate.DayNumber} days after close",
                $"completeness at review {f.CompletenessAtReview?.ToString(CultureInfo.InvariantCulture) ?? "—"}%", f.Ae)).ToList();
        rows.AddRange(answers.Where(x => x.Answer.ChurnRisk == Severity.High).DistinctBy(x => x.Fact.Id)
            .Select(x => new DigestRow(x.Fact.Account, "high churn risk", $"day-{x.Answer.DayOffset} poll", x.Fact.Ae)));
        return rows;
    }

    private static ChartData Chart(IReadOnlyList<HandoffFacts> facts, DateOnly to)
    {
        var since = to.AddDays(-7 * ChartWeeks);
        var recent = facts.Where(f => f.CloseDate > since && f.CloseDate <= to).ToList();
        var series = recent.GroupBy(f => f.Segment, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartSeries(g.Key, HandoffMetrics.MedianTimes([.. g]).Values.Take(4).ToList())).ToList();
        return new ChartData($"Median business days per stage, by segment (deals closed in the last {ChartWeeks} weeks)", "business days",
            [.. StageTimes.Labels.Take(4)], series);
    }

    private static string Days(double? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) + " d" : "—";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}
