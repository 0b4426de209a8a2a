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
        var (start, end) = Period(from, to, zone);
        bool In(DateTimeOffset? at) => at is { } a && a >= start && a < end;
        var breaches = facts.SelectMany(f => f.BreachesAsOf(asOf)).Where(b => In(b.DueAt)).ToList();
        var answers = facts.SelectMany(f => f.Polls.Select(p => (Fact: f, Answer: p))).Where(x => In(x.Answer.At)).ToList();
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var inputs = new DigestInputs
        {
            HandoffCount = facts.Count(f => In(f.CreatedAt)),
            Breaches = [.. breaches.GroupBy(b => (b.Stage, b.Owner)).Select(g => new BreachCount(g.Key.Stage, g.Key.Owner, g.Count()))],
            Medians = [.. Transitions.Select(t => TransitionMedians(t, facts, In))],
            PollsByAe = [.. answers.GroupBy(x => x.Fact.Ae, StringComparer.OrdinalIgnoreCase).Select(g => (g.Key, HandoffMetrics.Polls(g.Select(x => x.Answer))))],
            PollsBySegment = [.. answers.GroupBy(x => x.Fact.Segment, StringComparer.OrdinalIgnoreCase).Select(g => (g.Key, HandoffMetrics.Polls(g.Select(x => x.Answer))))],
            Rejections = [.. facts.SelectMany(f => f.Rejections).Where(r => In(r.At)).GroupBy(r => r.Reason).Select(g => (g.Key, g.Count()))],
            Churned = [.. facts.Where(f => f.ChurnedOn is { } on && on >= from && on <= to && on.DayNumber - f.CloseDate.DayNumber <= 180)
                .Select(f => new ChurnedAccount(f.Account, f.Ae, f.CloseDate, f.ChurnedOn!.Value, f.CompletenessAtReview))],
            HighRisk = [.. answers.Where(x => x.Answer.ChurnRisk == Severity.High).DistinctBy(x => x.Fact.Id).Select(x => new HighRiskAnswer(x.Fact.Account, x.Fact.Ae, x.Answer.DayOffset, x.Answer.At))],
            Churn = CompletenessChurn.Of(facts, today),
            ChartSeries = ChartSeriesOf(facts, to),
        };
        return Assemble(from, to, inputs);
    }

    /// <summary>The local days [<paramref name="from"/>, <paramref name="to"/>] in <paramref name="zone"/> as one UTC interval [start, end).</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Period(DateOnly from, DateOnly to, TimeZoneInfo zone) =>
        (Playbooks.BusinessCalendar.ToUtc(from.ToDateTime(TimeOnly.MinValue), zone), Playbooks.BusinessCalendar.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone));

    /// <summary>The transitions the digest shows medians for: when each ends, and its length in business days.</summary>
    public static IReadOnlyList<Transition> Transitions { get; } =
    [
        new("Close → context complete", f => f.ContextCompleteAt, f => f.CloseToContext),
        new("Context complete → accepted", f => f.AcceptedAt, f => f.ContextToAccepted),
        new("Accepted → intro", f => f.IntroAt, f => f.AcceptedToIntro),
        new("Intro → kickoff", f => f.KickoffAt, f => f.IntroToKickoff),
    ];

    /// <summary>
    /// The digest from its numbers, however they were counted (in memory from the facts, or by the
    /// database): the same rows, the same order, the same words.
    /// </summary>
    public static (DigestReport Report, ChartData Chart) Assemble(DateOnly from, DateOnly to, DigestInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var report = new DigestReport
        {
            From = from,
            To = to,
            HandoffCount = inputs.HandoffCount,
            Breaches = inputs.Breaches.Sum(b => b.Count),
            Medians = [.. inputs.Medians.Select(MedianRow)],
            BreachRows = [.. inputs.Breaches.OrderByDescending(b => b.Count).ThenBy(b => b.Stage).ThenBy(b => b.Owner, StringComparer.Ordinal)
                .Select(b => new DigestRow(b.Stage.Display(), Count(b.Count), Email: b.Owner))],
            PollRows = [.. PollRows("AE", inputs.PollsByAe, person: true), .. PollRows("Segment", inputs.PollsBySegment, person: false)],
            RejectionReasons = [.. inputs.Rejections.OrderByDescending(r => r.Count).ThenBy(r => r.Reason).Select(r => new DigestRow(Words(r.Reason.ToString()), Count(r.Count)))],
            ChurnFlags = [.. inputs.Churned.OrderBy(c => c.ChurnedOn).ThenBy(c => c.Account, StringComparer.Ordinal)
                    .Select(c => new DigestRow(c.Account, $"churned {c.ChurnedOn.DayNumber - c.CloseDate.DayNumber} days after close",
                        $"completeness at review {c.CompletenessAtReview?.ToString(CultureInfo.InvariantCulture) ?? "—"}%", c.Ae)),
                .. inputs.HighRisk.OrderBy(h => h.At).ThenBy(h => h.Account, StringComparer.Ordinal)
                    .Select(h => new DigestRow(h.Account, "high churn risk", $"day-{h.DayOffset} poll", h.Ae))],
            CompletenessBands = inputs.Churn.Bands(),
            ChurnByAe = inputs.Churn.ByAe(),
            ChurnBySegment = inputs.Churn.BySegment(),
            Reading = inputs.Churn.Reading(),
        };
        var series = inputs.ChartSeries.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return (report, new ChartData($"Median business days per stage, by segment (deals closed in the last {ChartWeeks} weeks)", "business days",
            [.. StageTimes.Labels.Take(4)], series));
    }

    /// <summary>
    /// The comparison the digest leads with: deals handed off under a completeness threshold against
    /// the rest, within 180 days of close (90 when too few are that old). The threshold is the one
    /// that separates the churn rates most, among those with at least <see cref="ReadingMinimum"/>
    /// deals of known outcome on each side; null when no threshold has that many.
    /// </summary>
    public static CompletenessReading? Reading(IReadOnlyList<HandoffFacts> facts, DateOnly today) => CompletenessChurn.Of(facts, today).Reading();

    /// <summary>Windows (days after close) the reading tries, longest first.</summary>
    public static IReadOnlyList<int> ReadingDays { get; } = [180, 90];

    /// <summary>Completeness thresholds the reading compares.</summary>
    public static IReadOnlyList<int> ReadingThresholds { get; } = [60, 70, 80, 90];

    /// <summary>Of every (window, threshold) comparison, the one the digest leads with: see <see cref="Reading"/>.</summary>
    public static CompletenessReading? PickReading(IEnumerable<CompletenessReading> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var all = candidates.ToList();
        foreach (var days in ReadingDays)
        {
            CompletenessReading? best = null;
            foreach (var candidate in all.Where(c => c.Days == days).OrderBy(c => c.Threshold))
            {
                if (candidate.Below.Eligible < ReadingMinimum || candidate.Above.Eligible < ReadingMinimum)
                {
                    continue;
                }

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
    public static ChartData ChurnChart(IReadOnlyList<CompletenessBand> bands, IReadOnlyList<ChurnGroup>? byAe = null, IReadOnlyList<ChurnGroup>? bySegment = null)
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

    private static TransitionMedians TransitionMedians(Transition t, IReadOnlyList<HandoffFacts> facts, Func<DateTimeOffset?, bool> inPeriod)
    {
        var done = facts.Where(f => inPeriod(t.End(f)) && t.Days(f) is not null).ToList();
        return new TransitionMedians(t.Label, done.Count, HandoffMetrics.Median([.. done.Select(f => t.Days(f)!.Value)]),
            [.. done.GroupBy(f => f.Segment, StringComparer.OrdinalIgnoreCase).Select(g => (g.Key, HandoffMetrics.Median([.. g.Select(f => t.Days(f)!.Value)])))]);
    }

    private static DigestRow MedianRow(TransitionMedians t) => t.Count == 0
        ? new DigestRow(t.Label, "—", "none this period")
        : new DigestRow(t.Label, Days(t.Median), $"n={t.Count}; " + string.Join(", ", t.BySegment.OrderBy(s => s.Segment, StringComparer.Ordinal).Select(s => $"{s.Segment} {Days(s.Median)}")));

    private static IEnumerable<DigestRow> PollRows(string by, IEnumerable<(string Key, PollSummary Summary)> groups, bool person) =>
        groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var s = g.Summary;
            var expectations = s.AverageExpectations is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "—";
            return new DigestRow(person ? by : $"{by} {g.Key}", $"{s.Answers} answer(s): matched yes {s.Yes}, partly {s.Partly}, no {s.No}",
                $"expectations {expectations}/5; first value {s.FirstValueReached}; churn risk high {s.RiskHigh}", person ? g.Key : null);
        });

    /// <summary>Median business days per stage by segment over the 13 weeks up to <paramref name="to"/> (the chart's bars).</summary>
    private static List<ChartSeries> ChartSeriesOf(IReadOnlyList<HandoffFacts> facts, DateOnly to)
    {
        var since = to.AddDays(-7 * ChartWeeks);
        var recent = facts.Where(f => f.CloseDate > since && f.CloseDate <= to).ToList();
        return [.. recent.GroupBy(f => f.Segment, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ChartSeries(g.Key, HandoffMetrics.MedianTimes([.. g]).Values.Take(4).ToList()))];
    }

    private static string Days(double? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) + " d" : "—";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>One transition the digest reports: where it ends and how long it took (business days).</summary>
public sealed record Transition(string Label, Func<HandoffFacts, DateTimeOffset?> End, Func<HandoffFacts, double?> Days);

/// <summary>A transition's median over the ones completed in the period, overall and by segment.</summary>
public sealed record TransitionMedians(string Label, int Count, double? Median, IReadOnlyList<(string Segment, double? Median)> BySegment);

public sealed record ChurnedAccount(string Account, string Ae, DateOnly CloseDate, DateOnly ChurnedOn, int? CompletenessAtReview);

public sealed record HighRiskAnswer(string Account, string Ae, int DayOffset, DateTimeOffset At);

/// <summary>Everything a digest is made of, counted; <see cref="DigestBuilder.Assemble"/> words it.</summary>
public sealed record DigestInputs
{
    public required int HandoffCount { get; init; }

    /// <summary>Breaches whose deadline fell in the period, by stage and owner.</summary>
    public required IReadOnlyList<BreachCount> Breaches { get; init; }

    /// <summary>One per <see cref="DigestBuilder.Transitions"/>, in that order.</summary>
    public required IReadOnlyList<TransitionMedians> Medians { get; init; }

    public required IReadOnlyList<(string Key, PollSummary Summary)> PollsByAe { get; init; }

    public required IReadOnlyList<(string Key, PollSummary Summary)> PollsBySegment { get; init; }

    public required IReadOnlyList<(RejectionReason Reason, int Count)> Rejections { get; init; }

    /// <summary>Accounts that churned in the period within 180 days of close.</summary>
    public required IReadOnlyList<ChurnedAccount> Churned { get; init; }

    /// <summary>Poll answers of the period that said "high churn risk", one per handoff (its first).</summary>
    public required IReadOnlyList<HighRiskAnswer> HighRisk { get; init; }

    /// <summary>Completeness against early churn over every handoff: the bands, the reading, by AE and by segment.</summary>
    public required CompletenessChurn Churn { get; init; }

    public required IReadOnlyList<ChartSeries> ChartSeries { get; init; }
}
