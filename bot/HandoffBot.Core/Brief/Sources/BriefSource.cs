using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief.Sources;

public enum SourceKind
{
    Note,
    Transcript,
}

/// <summary>
/// One note or transcript as it arrived, before parsing. <see cref="Format"/> is only meaningful for
/// transcripts: <see cref="TranscriptFormat.Text"/> (the intake default) means "sniff it", the
/// others are taken at their word and a mismatch is reported.
/// </summary>
public sealed record BriefSource(string Id, SourceKind Kind, TranscriptFormat Format, DateTimeOffset? Date, string? Author, string Content)
{
    public static BriefSource From(Note note)
    {
        ArgumentNullException.ThrowIfNull(note);
        return new(note.Id, SourceKind.Note, TranscriptFormat.Text, note.CreatedAt, note.Author, note.Text);
    }

    public static BriefSource From(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new(transcript.Id, SourceKind.Transcript, transcript.Format, transcript.RecordedAt, null, transcript.Content);
    }
}

/// <summary>A stretch of a source said by one speaker (a cue, a line, a note paragraph): a span of <see cref="ParsedSource.Text"/>.</summary>
public sealed record Utterance(string? Speaker, TimeSpan? Offset, int Start, int Length)
{
    public int End => Start + Length;

    /// <summary>The speaker's side where the source says it (Gong affiliation, is_external, a participants NOTE); otherwise unknown.</summary>
    public SpeakerSide Side { get; init; }

    /// <summary>The organisation a speaker label names ("Dana Ruiz (acme.com):", "Dana [Acme]:"); null when it names none.</summary>
    public string? Organisation { get; init; }
}

/// <summary>
/// A source reduced to what was said: the spoken or written text of every utterance joined by
/// newlines (no cue timings, tags or markup), with speaker and time per utterance. Quotes are
/// grounded against <see cref="Text"/>.
/// </summary>
public sealed class ParsedSource
{
    public ParsedSource(BriefSource source, string text, IReadOnlyList<Utterance> utterances)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        Text = text;
        Utterances = utterances;
    }

    public BriefSource Source { get; }

    public string Id => Source.Id;

    public SourceKind Kind => Source.Kind;

    public string Text { get; }

    public IReadOnlyList<Utterance> Utterances { get; }

    /// <summary>The people the source lists (Gong parties, calendar invitees, a participants NOTE), spoken or not.</summary>
    public IReadOnlyList<Participant> Participants { get; init; } = [];

    /// <summary>What the reader recognised, for people ("WebVTT, Microsoft Teams voice tags", "Gong API JSON").</summary>
    public string? Shape { get; init; }

    /// <summary>The utterance that contains a position of <see cref="Text"/> (the last one starting at or before it).</summary>
    public Utterance? At(int index)
    {
        int lo = 0, hi = Utterances.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (Utterances[mid].Start <= index)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found < 0 ? null : Utterances[found];
    }

    public string TextOf(Utterance u)
    {
        ArgumentNullException.ThrowIfNull(u);
        return Text.Substring(u.Start, u.Length);
    }
}

/// <summary>Collects utterances into one text, one per line.</summary>
internal sealed class ParsedSourceBuilder
{
    private readonly System.Text.StringBuilder text = new();
    private readonly List<Utterance> utterances = [];

    public int Count => utterances.Count;

    public IReadOnlyList<Participant> Participants { get; set; } = [];

    public string? Shape { get; set; }

    public void Add(string? speaker, TimeSpan? offset, string content, SpeakerSide side = SpeakerSide.Unknown, string? organisation = null)
    {
        content = content.Trim();
        if (content.Length == 0)
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        utterances.Add(new Utterance(string.IsNullOrWhiteSpace(speaker) ? null : speaker.Trim(), offset, text.Length, content.Length) { Side = side, Organisation = organisation });
        text.Append(content);
    }

    public ParsedSource Build(BriefSource source) => new(source, text.ToString(), utterances) { Participants = Participants, Shape = Shape };
}
