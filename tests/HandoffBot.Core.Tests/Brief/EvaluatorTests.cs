using HandoffBot.Core.Brief;

namespace HandoffBot.Core.Tests.Brief;

public sealed class EvaluatorTests
{
    [Theory]
    [InlineData("We will have SSO live before go-live, and we'll train your team.", "we'll train your team.", true)] // the shorter is inside
    [InlineData("Net 60 payment terms, invoiced annually.", "NET 60   payment terms", true)] // case and whitespace
    [InlineData("Net 60 payment terms, invoiced annually.", "invoiced quarterly in advance", false)]
    public void Overlaps_HalfOfTheShorterQuote_Matches(string a, string b, bool expected)
    {
        Assert.Equal(expected, BriefEvaluator.Overlaps(a, b));
    }

    [Fact]
    public void Score_MatchesOneToOne_AndCountsAttributes()
    {
        var labels = new BriefDocument
        {
            Risks = [new RiskItem { Quote = "the freeze starts in December", Category = "timeline" }, new RiskItem { Quote = "Samsara is cheaper", Category = "competitor" }],
        };
        var predicted = new BriefDocument
        {
            Risks =
            [
                new RiskItem { Quote = "the freeze starts in December", Category = "timeline" },
                new RiskItem { Quote = "The freeze starts in December, really", Category = "budget" }, // same label twice: only one can match
                new RiskItem { Quote = "legal is still reviewing the DPA", Category = "legal" },
            ],
        };

        var report = BriefEvaluator.Score([("x.vtt", labels, predicted)]);

        var risks = report.Kinds.Single(k => k.Kind == "risks");
        Assert.Equal((1, 3, 2), (risks.Matched, risks.Predicted, risks.Labelled));
        Assert.Equal(1.0, risks.AttributeAccuracy);
        Assert.Equal(3, report.Misses.Count);
        Assert.Equal(1.0, report.Kinds.Single(k => k.Kind == "goals").F1); // nothing labelled, nothing predicted
    }
}
