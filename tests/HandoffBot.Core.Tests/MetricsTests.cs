using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using P = HandoffBot.Core.Tests.Support.People;

namespace HandoffBot.Core.Tests;

/// <summary>Metrics against hand-computed expectations on a generated portfolio of twelve handoffs.</summary>
public sealed class MetricsTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Aes = ["a@x.example", "b@x.example", "c@x.example"];

    /// <summary>
    /// Handoff i (0–11): AE i mod 3; Enterprise for i &lt; 6, else SMB; closed 1 Jan + i days; close → context
    /// i+1 business days, context → accepted 0.5; completeness 45 + 5i; churned 60 days after close for
    /// i = 0 and 3, 150 days for i = 6; a breached context capture for i = 1 and 4 (AE b); i = 11 has an
    /// overdue CS review clock still running, i = 10 one that is not due yet; polls on i = 0, 1, 2.
    /// </summary>
    private static List<HandoffFacts> Portfolio() => [.. Enumerable.Range(0, 12).Select(i =>
    {
        var close = new DateOnly(2026, 1, 1).AddDays(i);
        return new HandoffFacts
        {
            Id = $"HO-{i:D7}",
            Account = $"Account {i}",
            Ae = Aes[i % 3],
            Segment = i < 6 ? "Enterprise" : "SMB",
            CloseDate = close,
            CreatedAt = new DateTimeOffset(close.ToDateTime(new TimeOnly(15, 0)), TimeSpan.Zero),
            CloseToContext = i + 1,
            ContextToAccepted = 0.5,
            CompletenessAtReview = 45 + (5 * i),
            ChurnedOn = i switch { 0 or 3 => close.AddDays(60), 6 => close.AddDays(150), _ => null },
            Breaches = i is 1 or 4 ? [new SlaBreach(Stage.ContextCapture, Aes[1], AsOf.AddDays(-300))] : [],
            OpenClock = i switch
            {
                11 => new SlaBreach(Stage.CsReview, "cs@x.example", AsOf.AddHours(-1)),
                10 => new SlaBreach(Stage.CsReview, "cs@x.example", AsOf.AddHours(1)),
                _ => null,
            },
            Polls = i switch
            {
                0 => [Poll(30, DealMatch.Partly, 3, Severity.High)],
                1 => [Poll(30, DealMatch.Yes, 5, Severity.Low)],
                2 => [Poll(30, DealMatch.No, 2, Severity.Medium) with { FirstValueOn = close.AddDays(40) }],
                _ => [],
            },
        };
    })];

    private static PollAnswer Poll(int day, DealMatch matched, int expectations, Severity risk) =>
        new(day, matched, expectations, null, risk, null, "csm@x.example", AsOf.AddDays(-5));

    [Fact]
    public void Overall_MatchesHandComputedValues()
    {
        var m = HandoffMetrics.Compute(Portfolio(), AsOf).Overall;

        Assert.Equal(12, m.Handoffs);
        Assert.Equal(6.5, m.Medians.CloseToContext); // median of 1…12
        Assert.Equal(0.5, m.Medians.ContextToAccepted);
        Assert.Null(m.Medians.IntroToKickoff);
        Assert.Equal(72.5, m.MedianCompleteness); // (70 + 75) / 2
        Assert.Equal(72.5, m.AverageCompleteness);
        Assert.Equal(3, m.Breaches); // two closed ones + the overdue running clock, not the one still in time
        Assert.Equal(new ChurnRate(2, 12), m.EarlyChurn90);
        Assert.Equal(new ChurnRate(3, 12), m.EarlyChurn180);
        Assert.Equal(new PollSummary(3, 1, 1, 1, 10 / 3.0, 1, 1, 1, 1), m.Polls);
    }

    [Fact]
    public void ByAeAndBySegment_MatchHandComputedValues()
    {
        var report = HandoffMetrics.Compute(Portfolio(), AsOf);

        var a = report.ByAe.Single(g => g.Key == "a@x.example"); // i = 0, 3, 6, 9
        Assert.Equal(4, a.Handoffs);
        Assert.Equal(5.5, a.Medians.CloseToContext); // median of 1, 4, 7, 10
        Assert.Equal(new ChurnRate(2, 4), a.EarlyChurn90);
        Assert.Equal(new ChurnRate(3, 4), a.EarlyChurn180);
        Assert.Equal(2, report.ByAe.Single(g => g.Key == "b@x.example").Breaches);

        var enterprise = report.BySegment.Single(g => g.Key == "Enterprise"); // i = 0…5
        var smb = report.BySegment.Single(g => g.Key == "SMB"); // i = 6…11
        Assert.Equal(3.5, enterprise.Medians.CloseToContext);
        Assert.Equal(9.5, smb.Medians.CloseToContext);
        Assert.Equal(new ChurnRate(2, 6), enterprise.EarlyChurn90);
        Assert.Equal(new ChurnRate(0, 6), smb.EarlyChurn90);
        Assert.Equal(new ChurnRate(1, 6), smb.EarlyChurn180);
        Assert.Equal(57.5, enterprise.MedianCompleteness); // 45…70 → (55 + 60) / 2
    }

    [Fact]
    public void BreachesByStageAndOwner_AndCompletenessAgainstChurn()
    {
        var report = HandoffMetrics.Compute(Portfolio(), AsOf);

        Assert.Equal([new BreachCount(Stage.ContextCapture, "b@x.example", 2), new BreachCount(Stage.CsReview, "cs@x.example", 1)], report.BreachesByStageAndOwner);
        var bands = report.CompletenessVsChurn.ToDictionary(b => b.Label);
        Assert.Equal((3, new ChurnRate(1, 3)), (bands["0–59%"].Handoffs, bands["0–59%"].EarlyChurn90)); // 45, 50, 55: i = 0 churned
        Assert.Equal((4, new ChurnRate(2, 4)), (bands["60–79%"].Handoffs, bands["60–79%"].EarlyChurn180)); // 60…75: i = 3 and 6
        Assert.Equal(new ChurnRate(0, 2), bands["80–89%"].EarlyChurn180);
        Assert.Equal(3, bands["90–100%"].Handoffs);
    }

    [Fact]
    public void Reading_PicksTheThresholdThatSeparatesChurnMost_WithEnoughDealsOnEachSide()
    {
        // 180 days on, all twelve are judged; 45…100% complete, churned: 45%, 60%, 75%.
        var reading = DigestBuilder.Reading(Portfolio(), DateOnly.FromDateTime(AsOf.UtcDateTime));

        Assert.Equal(new CompletenessReading(80, 180, new ChurnRate(3, 7), new ChurnRate(0, 5)), reading);
        Assert.Null(reading!.Ratio); // none above 80% churned: no ratio to state
    }

    [Fact]
    public void Reading_TooFewJudgedOnOneSide_IsNull()
    {
        var young = Portfolio().Select(f => f with { CloseDate = new DateOnly(2026, 11, 1), ChurnedOn = null }).ToList();

        Assert.Null(DigestBuilder.Reading(young, DateOnly.FromDateTime(AsOf.UtcDateTime)));
    }

    [Fact]
    public void Churn_DealsTooYoungToJudge_AreNotCounted()
    {
        var young = Portfolio()[5] with { CloseDate = new DateOnly(2026, 11, 1), ChurnedOn = null };
        var youngChurned = Portfolio()[5] with { Id = "HO-Y", CloseDate = new DateOnly(2026, 11, 1), ChurnedOn = new DateOnly(2026, 11, 20) };

        Assert.Equal(new ChurnRate(1, 1), HandoffMetrics.Churn([young, youngChurned], 90, DateOnly.FromDateTime(AsOf.UtcDateTime)));
    }

    [Fact]
    public void Digest_Week_CountsWhatHappenedInIt()
    {
        var facts = Portfolio();
        facts[2] = facts[2] with { Rejections = [new Rejection(RejectionReason.MissingContext, "x", "cs@x.example", AsOf.AddDays(-3))] };
        facts[3] = facts[3] with { ChurnedOn = new DateOnly(2026, 11, 28), CloseDate = new DateOnly(2026, 9, 1) };

        var (report, chart) = DigestBuilder.Build(facts, new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 28), TimeZoneInfo.Utc, AsOf);

        Assert.Equal(0, report.HandoffCount); // all were taken in in January
        Assert.Equal(0, report.Breaches);
        Assert.Equal(["AE a@x.example", "AE b@x.example", "AE c@x.example", "Segment Enterprise"], report.PollRows.Select(r => r.Email is null ? r.Label : $"{r.Label} {r.Email}"));
        Assert.Equal("1", Assert.Single(report.RejectionReasons, r => r.Label == "Missing context").Value);
        Assert.Contains(report.ChurnFlags, f => f.Label == "Account 3" && f.Value == "churned 88 days after close");
        Assert.Contains(report.ChurnFlags, f => f.Label == "Account 0" && f.Value == "high churn risk");
        var series = Assert.Single(chart.Series); // only account 3 closed in the 13 weeks before the period's end
        Assert.Equal("Enterprise", series.Name);
        Assert.Equal([4, 0.5, null, null], series.Values);
    }

    [Fact]
    public void Facts_FromARealHandoff_BusinessDaysAndTheRunningClock()
    {
        var playbook = PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }\ncalendar: { timeZone: America/New_York }\n");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero)); // Monday 09:00 New York
        var clock = new PlaybookStageClock(playbook, time, _ => null);
        var h = Handoff.Open("HO-FACT001", new Deal { CrmId = "C", AccountName = "Acme", Currency = "USD", CloseDate = new DateOnly(2026, 10, 30), AeEmail = P.Ae, CsmEmail = P.Csm, CustomerTimeZone = "UTC" },
            HandoffBuilder.CompleteContext, [], [], "Default", new Routing(P.Ae, OwnerRole.AccountExecutive, P.CsLead), [], clock);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 4, 18, 0, 0, TimeSpan.Zero)); // Wednesday 13:00
        h.SubmitContext(P.AeActor, HandoffBuilder.Rules, clock);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 4, 20, 0, 0, TimeSpan.Zero)); // Wednesday 15:00
        h.Accept(P.CsmActor, clock);

        var facts = HandoffFacts.From(h, playbook.Calendar);

        Assert.Equal(3.5, facts.CloseToContext); // Fri, Mon, Tue and half of Wed, from the close day's opening
        Assert.Equal(0.25, facts.ContextToAccepted);
        Assert.Empty(facts.Breaches);
        Assert.Equal(Stage.InternalHandoff, facts.OpenClock!.Stage);
        Assert.Empty(facts.BreachesAsOf(facts.OpenClock.DueAt));
        Assert.Equal(P.Ae, Assert.Single(facts.BreachesAsOf(facts.OpenClock.DueAt.AddMinutes(1))).Owner);
    }
}
