namespace HandoffBot.Core.Handoffs;

/// <summary>The lifecycle stages of PRODUCT.md, in order.</summary>
public enum Stage
{
    Intake = 1,
    ContextCapture = 2,
    CsReview = 3,
    InternalHandoff = 4,
    WarmIntro = 5,
    Kickoff = 6,
    Onboarding = 7,
    Outcome = 8,
}

public static class StageNames
{
    public static string Display(this Stage stage) => stage switch
    {
        Stage.Intake => "Intake",
        Stage.ContextCapture => "Context capture",
        Stage.CsReview => "CS review",
        Stage.InternalHandoff => "Internal handoff",
        Stage.WarmIntro => "Warm introduction",
        Stage.Kickoff => "Kickoff",
        Stage.Onboarding => "Onboarding",
        Stage.Outcome => "Outcome",
        _ => stage.ToString(),
    };

    /// <summary>Parses an API or config spelling: "csReview", "cs-review", "CsReview", "3".</summary>
    public static bool TryParse(string? text, out Stage stage)
    {
        stage = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return Enum.TryParse(compact, ignoreCase: true, out stage) && Enum.IsDefined(stage);
    }
}
