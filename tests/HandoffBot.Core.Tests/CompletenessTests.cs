using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;

namespace HandoffBot.Core.Tests;

public sealed class CompletenessTests
{
    private static readonly Deal Deal = new() { CrmId = "x", AccountName = "x", Currency = "USD", AeEmail = "a@b.co" };

    [Fact]
    public void Empty_ScoresZeroAndListsEveryRequiredField()
    {
        IReadOnlyList<FieldRule> rules = [new(ContextField.Goals, 60, true), new(ContextField.Risks, 30, true), new(ContextField.Notes, 10, false)];

        var c = CompletenessCalculator.Compute(Deal, DealContext.Empty, 0, rules);

        Assert.Equal(0, c.Score);
        Assert.Equal([ContextField.Goals, ContextField.Risks], c.Missing);
        Assert.False(c.IsComplete);
    }

    [Fact]
    public void Weighted_ScoreIsShareOfWeightsFilled_RoundedDown()
    {
        IReadOnlyList<FieldRule> rules = [new(ContextField.Goals, 2, true), new(ContextField.Risks, 1, true)];

        var c = CompletenessCalculator.Compute(Deal, DealContext.Empty with { Goals = ["g"] }, 0, rules);

        Assert.Equal(66, c.Score);
        Assert.Equal([ContextField.Risks], c.Missing);
    }

    [Fact]
    public void OptionalMissing_LowersScoreButNotCompleteness()
    {
        IReadOnlyList<FieldRule> rules = [new(ContextField.Goals, 50, true), new(ContextField.ExpansionPotential, 50, false)];

        var c = CompletenessCalculator.Compute(Deal, DealContext.Empty with { Goals = ["g"] }, 0, rules);

        Assert.Equal(50, c.Score);
        Assert.True(c.IsComplete);
    }

    [Fact]
    public void ConfirmedNone_OnlyCountsForListFieldsThatAllowIt()
    {
        IReadOnlyList<FieldRule> rules = [new(ContextField.Risks, 1, true), new(ContextField.Goals, 1, true)];
        var context = DealContext.Empty with { ConfirmedNone = new HashSet<ContextField> { ContextField.Risks, ContextField.Goals } };

        var c = CompletenessCalculator.Compute(Deal, context, 0, rules);

        Assert.Equal([ContextField.Goals], c.Missing);
    }

    [Fact]
    public void DealFields_CountFromTheDeal()
    {
        IReadOnlyList<FieldRule> rules = [new(ContextField.CustomerTimeZone, 1, true), new(ContextField.CrmLink, 1, true), new(ContextField.Notes, 1, true)];

        var c = CompletenessCalculator.Compute(Deal with { CustomerTimeZone = "Europe/Berlin", CrmUrl = new Uri("https://x.example") }, DealContext.Empty, 1, rules);

        Assert.Equal(100, c.Score);
    }

    [Fact]
    public void CompleteBuilderContext_IsCompleteUnderDefaultRules()
    {
        var h = new HandoffBuilder().Build();

        var c = CompletenessCalculator.Compute(h.Deal, h.Context, h.SourceCount, HandoffBuilder.Rules);

        Assert.True(c.IsComplete);
        Assert.Equal([ContextField.Notes], HandoffBuilder.Rules.Select(r => r.Field).Except(c.Filled));
    }
}
