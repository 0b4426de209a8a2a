namespace HandoffBot.Core.Handoffs;

/// <summary>Weighted completeness 0–100 and the required fields still missing.</summary>
public sealed record Completeness(int Score, IReadOnlyList<ContextField> Missing, IReadOnlyList<ContextField> Filled)
{
    public bool IsComplete => Missing.Count == 0;
}

/// <summary>How one field counts for a segment.</summary>
public sealed record FieldRule(ContextField Field, int Weight, bool Required);

public static class CompletenessCalculator
{
    public static Completeness Compute(Deal deal, DealContext context, int sourceCount, IReadOnlyList<FieldRule> rules)
    {
        var totalWeight = 0;
        var filledWeight = 0;
        var missing = new List<ContextField>();
        var filled = new List<ContextField>();
        foreach (var rule in rules)
        {
            var isFilled = rule.Field.IsFilled(deal, context, sourceCount);
            totalWeight += rule.Weight;
            if (isFilled)
            {
                filledWeight += rule.Weight;
                filled.Add(rule.Field);
            }
            else if (rule.Required)
            {
                missing.Add(rule.Field);
            }
        }

        // Rounded down so that 100 is only ever shown when everything weighted is there.
        var score = totalWeight == 0 ? 100 : (int)Math.Floor(100.0 * filledWeight / totalWeight);
        return new Completeness(score, missing, filled);
    }
}
