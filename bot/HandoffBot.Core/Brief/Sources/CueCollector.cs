using System.Globalization;

namespace HandoffBot.Core.Brief.Sources;

/// <summary>One cue or entry as a reader found it, before cues are merged.</summary>
/// <param name="UtteranceId">Set when the source says which cues belong to one utterance (Teams "guid/12-0", "guid/12-1").</param>
internal sealed record Cue(string? Speaker, TimeSpan? Offset, string Text, SpeakerSide Side = SpeakerSide.Unknown, string? UtteranceId = null, TimeSpan? End = null);

/// <summary>
/// Gathers the cues of a timed transcript, counting the broken ones by line number. With
/// <c>merge</c>, cues the source split are joined first (<see cref="CueMerger"/>); speakers the
/// source lists as participants get their side.
/// </summary>
internal sealed class CueCollector(BriefSource source, string units, bool merge = false)
{
    private readonly List<Cue> cues = [];
    private int broken;
    private string? firstProblem;

    public string? Shape { get; set; }

    public IReadOnlyList<Participant> Participants { get; set; } = [];

    public void Broken(int line, string problem)
    {
        broken++;
        firstProblem ??= $"line {line.ToString(CultureInfo.InvariantCulture)}: {problem}";
    }

    public void Add(string? speaker, TimeSpan? offset, string text, SpeakerSide side = SpeakerSide.Unknown, string? utteranceId = null, TimeSpan? end = null)
    {
        text = text.Trim();
        if (text.Length > 0)
        {
            cues.Add(new Cue(string.IsNullOrWhiteSpace(speaker) ? null : speaker.Trim(), offset, text, side, utteranceId, end));
        }
    }

    public SourceReadResult Finish()
    {
        var read = cues.Count;
        var total = read + broken;
        if (read == 0)
        {
            return SourceReadResult.Fail(source, broken == 0 ? $"has no {units} with text." : $"has no readable {units} ({firstProblem}).");
        }

        if (broken * 2 > total)
        {
            return SourceReadResult.Fail(source, $"is mostly unreadable: {Counts()} are broken (first at {firstProblem}).");
        }

        var builder = new ParsedSourceBuilder { Participants = Participants, Shape = Shape };
        var sides = Participants.Where(p => p.Side != SpeakerSide.Unknown)
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Side, StringComparer.Ordinal);
        // "Dana Ruiz (acme.com)", "<v Dana Ruiz [Acme]>": the speaker is the name, the organisation a side hint.
        var organisations = SpeakerOrganisations.Read(cues.Select(c => c.Speaker).OfType<string>());
        foreach (var cue in merge ? CueMerger.Merge(cues) : cues)
        {
            var side = cue.Side != SpeakerSide.Unknown || cue.Speaker is null ? cue.Side : sides.GetValueOrDefault(cue.Speaker);
            var split = cue.Speaker is null ? null : organisations.GetValueOrDefault(cue.Speaker);
            if (split is not null && side == SpeakerSide.Unknown)
            {
                side = sides.GetValueOrDefault(split.Speaker);
            }

            builder.Add(split?.Speaker ?? cue.Speaker, cue.Offset, cue.Text, side, split?.Organisation);
        }

        return broken == 0
            ? new(builder.Build(source), null)
            : new(builder.Build(source), new SourceError(source.Id, $"{SourceReadResult.Describe(source)}: {Counts()} skipped (first at {firstProblem}); the rest was used."));

        string Counts() => $"{broken.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)} {units}";
    }
}

/// <summary>
/// Undoes how caption files cut speech into cues, so a sentence reaches the brief whole:
/// <list type="bullet">
/// <item>a cue that starts while the speaker's previous cue is still showing and repeats it (rolling live
/// captions: "So I think we should" then "So I think we should ship it") replaces it;</item>
/// <item>consecutive cues of one speaker are joined when the source says they are one utterance
/// (Teams ids "…/12-0", "…/12-1"), or when the first stops mid-sentence (no closing . ! ? …) and the
/// next goes on in lower case ("I finished the sync" + "and pushed the migration.").</item>
/// </list>
/// Joined cues are separated by one space; each part is the cue's own text.
/// </summary>
internal static class CueMerger
{
    public static List<Cue> Merge(IReadOnlyList<Cue> cues)
    {
        var result = new List<Cue>(cues.Count);
        foreach (var cue in cues)
        {
            if (result.Count == 0 || !string.Equals(result[^1].Speaker, cue.Speaker, StringComparison.Ordinal) || cue.Speaker is null)
            {
                result.Add(cue);
                continue;
            }

            var last = result[^1];
            var sameUtterance = last.UtteranceId is not null && string.Equals(last.UtteranceId, cue.UtteranceId, StringComparison.Ordinal);
            var overlapping = last.End is { } shownUntil && cue.Offset is { } from && from < shownUntil;
            if (!sameUtterance && overlapping && cue.Text.StartsWith(last.Text, StringComparison.Ordinal))
            {
                result[^1] = cue with { Offset = last.Offset ?? cue.Offset, Side = Side(last, cue) };
                continue;
            }

            if (sameUtterance || ContinuesSentence(last.Text, cue.Text))
            {
                result[^1] = last with { Text = last.Text + " " + cue.Text, Side = Side(last, cue), UtteranceId = cue.UtteranceId ?? last.UtteranceId, End = cue.End ?? last.End };
                continue;
            }

            result.Add(cue);
        }

        return result;
    }

    /// <summary>The first text stops mid-sentence (no closing . ! ? …) and the second goes on in lower case.</summary>
    public static bool ContinuesSentence(string first, string next) => !EndsSentence(first) && StartsLowerCase(next);

    private static SpeakerSide Side(Cue a, Cue b) => a.Side != SpeakerSide.Unknown ? a.Side : b.Side;

    private static bool EndsSentence(string text)
    {
        var end = text.Length - 1;
        while (end >= 0 && (text[end] is '"' or '\'' or ')' or ']' or '’' or '”' or '»' || char.IsWhiteSpace(text[end])))
        {
            end--;
        }

        return end < 0 || text[end] is '.' or '!' or '?' or '…' or '。' or '！' or '？';
    }

    private static bool StartsLowerCase(string text) => text.Length > 0 && char.IsLower(text[0]);
}
