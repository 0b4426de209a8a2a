using HandoffBot.Ai;
using HandoffBot.Core.Grammar;

namespace HandoffBot.Tests.Brief;

public sealed class BriefSchemaTests
{
    [Fact]
    public void Schema_AsksForEveryDraftedField_WithEachItemsBriefParts()
    {
        var properties = BriefPrompt.Schema().GetProperty("properties");

        Assert.Equal(ContextGrammar.Drafted.Select(f => f.Key), properties.EnumerateObject().Select(p => p.Name));
        foreach (var field in ContextGrammar.Drafted)
        {
            var asked = properties.GetProperty(field.Key).GetProperty("items").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
            Assert.Contains("quote", asked);
            // Every part the LLM is asked for is one the grammar reads back (emails are not asked: a model invents them).
            Assert.Subset(asked, field.BriefParts.Where(p => p != "email").Concat(["quote", "source", "confidence"]).ToHashSet());
            Assert.Superset(asked, field.BriefParts.Concat(["quote", "source", "confidence"]).ToHashSet());
        }
    }
}
