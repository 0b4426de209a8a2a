using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Metrics;

/// <summary>Median business days per transition (each null when no handoff made that step).</summary>
public sealed record StageTimes(double? CloseToContext, double? ContextToAccepted, double? AcceptedToIntro, double? IntroToKickoff, double? CloseToKickoff)
{
    public static IReadOnlyList<string> Labels { get; } = ["Close → context", "Context → accepted", "Accepted → intro", "Intro → kickoff", "Close → kickoff"];

    public IReadOnlyList<double?> Values => [CloseToContext, ContextToAccepted, AcceptedToIntro, IntroToKickoff, CloseToKickoff];
}

public sealed record PollSummary(int Answers, int Yes, int Partly, int No, double? AverageExpectations, int FirstValueReached, int RiskLow, int RiskMedium, int RiskHigh);

/// <summary>Churned within N days of close, out of the handoffs whose fate at N days is known (old enough, or churned already).</summary>
public sealed record ChurnRate(int Churned, int Eligible)
{
    public double? Rate => Eligible == 0 ? null : (double)Churned / Eligible;
}

public sealed record GroupMetrics(
    string Key,
    int Handoffs,
    double? MedianCompleteness,
    double? AverageCompleteness,
    StageTimes Medians,
    int Breaches,
    PollSummary Polls,
    ChurnRate EarlyChurn90,
    ChurnRate EarlyChurn180);

public sealed record BreachCount(Stage Stage, string Owner, int Count);

/// <summary>Completeness at CS review (a band of scores) set against early churn.</summary>
public sealed record CompletenessBand(string Label, int Min, int Max, int Handoffs, ChurnRate EarlyChurn90, ChurnRate EarlyChurn180);

public sealed record MetricsReport(
    DateTimeOffset AsOf,
    GroupMetrics Overall,
    IReadOnlyList<GroupMetrics> ByAe,
    IReadOnlyList<GroupMetrics> BySegment,
    IReadOnlyList<BreachCount> BreachesByStageAndOwner,
    IReadOnlyList<CompletenessBand> CompletenessVsChurn);
