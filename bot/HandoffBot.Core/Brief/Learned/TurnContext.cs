using System.Text.RegularExpressions;
using HandoffBot.Core.Brief.Offline;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// What the other side said next. A price the rep names and the customer answers with "that works"
/// is a term; the same price answered with "that's a lot" is still a pitch. For each sentence: the
/// first sentence of the next turn by someone else (calls only; in notes a line has no reply).
/// </summary>
internal sealed partial class TurnContext
{
    private readonly string?[] reply;

    public TurnContext(IReadOnlyList<SentenceView> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        reply = new string?[views.Count];
        string? next = null;
        string? nextSpeaker = null;
        var turnStart = views.Count;
        for (var i = views.Count - 1; i >= 0; i--)
        {
            var v = views[i];
            if (v.IsNote)
            {
                continue;
            }

            // The first sentence of the turn after this one, when someone else speaks it.
            if (i + 1 < views.Count && views[i + 1].Sentence.Turn != v.Sentence.Turn)
            {
                turnStart = i + 1;
                next = views[turnStart].Text;
                nextSpeaker = views[turnStart].Sentence.Speaker;
            }

            reply[i] = next is not null && !string.Equals(nextSpeaker, v.Sentence.Speaker, StringComparison.Ordinal) ? next : null;
        }
    }

    public bool ReplyAccepts(int index) => reply[index] is { } r && Accepts().IsMatch(r) && !Objects().IsMatch(r);

    public bool ReplyObjects(int index) => reply[index] is { } r && Objects().IsMatch(r);

    [GeneratedRegex(@"^\W*(?:(?:ok(?:ay)?|great|perfect|sounds (?:good|great|fair)|that works|works for (?:me|us)|deal|agreed|done|yes|yeah|sure|fair enough|let's do (?:it|that)|we can (?:do|live with) that|that's fair|good)\b|.*\b(?:that works|sounds good|we'll take|let's go with|happy with that|we're in|move forward)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Accepts();

    [GeneratedRegex(@"\b(?:too (?:expensive|much|high|steep)|a lot|steep|pricey|can't|cannot|not sure|worried|concern\w*|hmm+|expensive|out of (?:our )?budget|no way|doesn't work|won't work|push back|lower)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Objects();
}
