using System.Globalization;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>A grouped bar chart: one group per category, one bar per series (e.g. stage transitions × segments).</summary>
public sealed record ChartData(string Title, string YLabel, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series);

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
                .Select(g => new DigestRow($"{g.Key.Stage.Display()} · {g.Key.Owner}", Count(g.Count())))],
            PollRows = [.. PollRows("AE", answers.GroupBy(x => x.Fact.Ae, StringComparer.OrdinalIgnoreCase)),
                .. PollRows("Segment", answers.GroupBy(x => x.Fact.Segment, StringComparer.OrdinalIgnoreCase))],
            RejectionReasons = [.. facts.SelectMany(f => f.Rejections).Where(r => In(r.At)).GroupBy(r => r.Reason)
                .OrderByDescending(g => g.Count()).Select(g => new DigestRow(Words(g.Key.ToString()), Count(g.Count())))],
            ChurnFlags = ChurnFlags(facts, answers.Select(x => x).ToList(), from, to),
        };
        return (report, Chart(facts, to));
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

    private static IEnumerable<DigestRow> PollRows(string by, IEnumerable<IGrouping<string, (HandoffFacts Fact, PollAnswer Answer)>> groups) =>
        groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var s = HandoffMetrics.Polls(g.Select(x => x.Answer));
            var expectations = s.AverageExpectations is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "—";
            return new DigestRow($"{by} {g.Key}", $"{s.Answers} answer(s): matched yes {s.Yes}, partly {s.Partly}, no {s.No}",
                $"expectations {expectations}/5; first value {s.FirstValueReached}; churn risk high {s.RiskHigh}");
        });

    private static List<DigestRow> ChurnFlags(IReadOnlyList<HandoffFacts> facts, List<(HandoffFacts Fact, PollAnswer Answer)> answers, DateOnly from, DateOnly to)
    {
        var rows = facts.Where(f => f.ChurnedOn is { } on && on >= from && on <= to && on.DayNumber - f.CloseDate.DayNumber <= 180)
            .OrderBy(f => f.ChurnedOn).Select(f => new DigestRow(f.Account, $"churned {f.ChurnedOn!.Value.DayNumber - f.CloseDate.DayNumber} days after close",
                $"AE {f.Ae}; completeness at review {f.CompletenessAtReview?.ToString(CultureInfo.InvariantCulture) ?? "—"}%")).ToList();
        rows.AddRange(answers.Where(x => x.Answer.ChurnRisk == Severity.High).DistinctBy(x => x.Fact.Id)
            .Select(x => new DigestRow(x.Fact.Account, "high churn risk", $"day-{x.Answer.DayOffset} poll; AE {x.Fact.Ae}")));
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
