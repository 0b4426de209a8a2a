using System.Text.RegularExpressions;

namespace HandoffBot.Core.Brief.Offline;

/// <summary>
/// The customer's goals ("our goal is", "we want to", "they hope to", lines under a goals heading)
/// and success criteria: a measurable target ("below three percent", "from 14 days to 5", "by a
/// third") said as the test of success, or as a goal with a number. Not: our side's pitch,
/// questions, negations ("we're not trying to replace"), hypotheticals, prices.
/// </summary>
internal static partial class GoalRule
{
    public static IEnumerable<Finding> Find(SentenceView v)
    {
        if (v.IsQuestion || (!v.IsNote && v.BySeller && !v.SidesUnknown) || NotAGoal().IsMatch(v.Text) || Lexicon.Hedge().IsMatch(v.Text))
        {
            yield break;
        }

        var text = v.Text;
        var label = v.Label ?? "";
        var successLabel = label.Contains("SUCCESS", StringComparison.Ordinal) || label.Contains("TARGET", StringComparison.Ordinal) || label.Contains("KPI", StringComparison.Ordinal) || label.Contains("METRIC", StringComparison.Ordinal);
        var successCue = successLabel || v.Section == Section.Success || Lexicon.SuccessCue().IsMatch(text);
        var goalCue = Lexicon.GoalCue().IsMatch(text);
        var target = HasTarget(v.Text) && !Lexicon.CommercialNumber().IsMatch(v.Text);
        // A goals section holds goals; a "what success means" section holds goals too when a line has no number to test.
        var inGoals = v.IsNote && ((v.Section == Section.Goals && !successCue) || (v.Section == Section.Success && !target && !successLabel));
        var confidence = v.SidesUnknown ? 0.55 : 0.75;

        if (goalCue || (inGoals && (Lexicon.ImperativeGoal().IsMatch(text) || text.Length > 20)))
        {
            yield return new Finding(FindingKind.Goal, v.Index, v.Sentence.Start, v.Sentence.End, goalCue ? confidence : 0.6, "goal") { Turn = v.Sentence.Turn };
        }

        if (target && (successCue || goalCue || inGoals))
        {
            yield return new Finding(FindingKind.Success, v.Index, v.Sentence.Start, v.Sentence.End, successCue ? confidence + 0.1 : confidence, "success") { Turn = v.Sentence.Turn };
        }
    }

    /// <summary>A number that is a target, not a baseline: "below 3%", "down to ten percent", "20% less", "by half".</summary>
    internal static bool HasTarget(string text)
    {
        foreach (Match m in Lexicon.Metric().Matches(text))
        {
            if (TargetStart().IsMatch(m.Value))
            {
                return true;
            }

            var before = text[Math.Max(0, m.Index - 32)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 16)];
            if (TargetBefore().IsMatch(before) || TargetAfter().IsMatch(after))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\b(?:below|under|less than|fewer than|more than|at least|within|to|by|down|up|drops?|falls?|cut|reduce|lower|raise|increase|lift|improve|from|goes|going|reach(?:es)?|hit|climb|grow|get to)\b[^.]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TargetBefore();

    [GeneratedRegex(@"^(?:by|from|under|fewer|within|zero|below|above|over|less|more|at least|to|reach\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetStart();

    [GeneratedRegex(@"^\s*(?:less|more|lower|higher|fewer|faster|reduction|increase|improvement)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetAfter();

    [GeneratedRegex(@"\b(?:not (?:trying|planning|going|interested)|don't want|do not want|no need|we're not|aren't (?:trying|planning)|we won't|isn't (?:a|our) goal|if we (?:ever )?wanted)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotAGoal();
}
