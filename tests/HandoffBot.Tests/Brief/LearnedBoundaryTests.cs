using HandoffBot.Ai;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Tests.Brief;

/// <summary>The process's one MiniLM encoder (it is costly to load), as every host shares it.</summary>
public sealed class MiniLmFixture
{
    public SharedMiniLm Encoder { get; } = new();
}

/// <summary>
/// The kind boundaries of issue 14, through the shipped model and the real encoder: our side's dated
/// delivery is a commitment; the customer's own plan never is; an agreed exit with a refund is a
/// term (termination), not a commitment; the measurable test of a pilot is a success criterion; an
/// agreed discount is a term. Run at probability 0.5 for every kind (see Draft), since the shipped
/// thresholds switch some kinds off (docs/ai-brief.md).
/// </summary>
public sealed class LearnedBoundaryTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private const string Call = """
        Sales Rep: Thanks for making the time today, Dana.
        Customer: We will roll it out to the Berlin office ourselves in May.
        Sales Rep: We'll have your SSO and the data migration done by April 15.
        Customer: And if the pilot doesn't hit a 20% reduction in handling time, we want the right to cancel after 90 days.
        Sales Rep: Agreed, you can terminate after the 90-day pilot with a full refund.
        Customer: What about pricing for the two-year term?
        Sales Rep: We agreed on a 15% discount for the two-year term, billed annually in advance.
        Customer: Perfect, that's within our budget.
        """;

    /// <summary>
    /// The call drafted by the shipped model. With <paramref name="shipped"/> false, every kind is shown from
    /// probability 0.5 (or its own threshold when lower), so the tests pin which kind the classifier files a
    /// sentence under even for kinds the shipped thresholds switch off (docs/ai-brief.md: a kind that is not
    /// precise on cross-validation shows nothing).
    /// </summary>
    private BriefDraft Draft(bool shipped = false)
    {
        var model = BriefModel.Embedded();
        Assert.NotNull(model);
        model = shipped ? model : model with { Kinds = [.. model.Kinds.Select(k => k with { Threshold = Math.Min(k.Threshold, 0.5) })] };
        var extractor = new OfflineBriefExtractor(TimeProvider.System, encoder: fixture.Encoder, model: model);
        Assert.True(extractor.Learned, "the embedded model must fit the encoder");
        return extractor.Extract(new BriefRequest([new BriefSource("call.txt", SourceKind.Transcript, TranscriptFormat.Text, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), null, Call)], DealHints.None));
    }

    [Fact]
    public void OurDatedDelivery_IsACommitmentWithItsDate_TheCustomersOwnPlanIsNot()
    {
        var draft = Draft();

        var commitment = Assert.Single(draft.Commitments);
        Assert.StartsWith("We'll have your SSO", commitment.Evidence.Quote, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 4, 15), commitment.Value.Due);
        Assert.DoesNotContain(draft.Commitments, c => c.Evidence.Quote.Contains("Berlin", StringComparison.Ordinal));
    }

    [Fact]
    public void AgreedExitWithRefund_AndAgreedDiscount_AreTermsNotCommitments()
    {
        var draft = Draft();

        Assert.Contains(draft.SpecialTerms, t => t.Value.Kind == SpecialTermKind.Termination && t.Evidence.Quote.Contains("terminate after the 90-day pilot", StringComparison.Ordinal));
        Assert.Contains(draft.SpecialTerms, t => t.Evidence.Quote.Contains("15% discount", StringComparison.Ordinal));
        Assert.DoesNotContain(draft.Commitments, c => c.Evidence.Quote.Contains("terminate", StringComparison.Ordinal) || c.Evidence.Quote.Contains("discount", StringComparison.Ordinal));
    }

    [Fact]
    public void ThePilotsMeasurableTest_IsASuccessCriterion_AndEveryQuoteIsVerbatim()
    {
        var draft = Draft();

        Assert.Contains(draft.SuccessCriteria, s => s.Evidence.Quote.Contains("20% reduction in handling time", StringComparison.Ordinal));
        var quotes = draft.Commitments.Select(c => c.Evidence.Quote).Concat(draft.SpecialTerms.Select(t => t.Evidence.Quote)).Concat(draft.SuccessCriteria.Select(s => s.Evidence.Quote)).Concat(draft.Risks.Select(r => r.Evidence.Quote));
        Assert.All(quotes, q => Assert.Contains(q, Call, StringComparison.Ordinal));
    }

    [Fact]
    public void ShippedThresholds_KindsSwitchedOffShowNothing()
    {
        var model = BriefModel.Embedded();
        Assert.NotNull(model);
        var draft = Draft(shipped: true);

        foreach (var kind in model.Kinds.Where(k => k.Threshold > 1))
        {
            var shown = kind.Kind switch
            {
                "commitments" => draft.Commitments.Count,
                "goals" => draft.Goals.Count,
                "successCriteria" => draft.SuccessCriteria.Count,
                "risks" => draft.Risks.Count,
                "specialTerms" => draft.SpecialTerms.Count,
                "stakeholders" => draft.Stakeholders.Count,
                _ => throw new InvalidOperationException(kind.Kind),
            };
            Assert.True(shown == 0, $"{kind.Kind} is switched off but showed {shown}");
        }

        Assert.Contains(draft.SpecialTerms, t => t.Evidence.Quote.Contains("15% discount", StringComparison.Ordinal));
    }
}
