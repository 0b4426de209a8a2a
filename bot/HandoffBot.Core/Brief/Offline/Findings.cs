using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief.Offline;

internal enum FindingKind
{
    Commitment,
    Goal,
    Success,
    Risk,
    Term,
}

/// <summary>One thing a rule found in a sentence: a span of the source and what it is.</summary>
internal sealed record Finding(FindingKind Kind, int SentenceIndex, int Start, int End, double Confidence, string Group)
{
    public object? Value { get; init; }

    public int Turn { get; init; }
}

/// <summary>A sentence with what the rules need to know about it.</summary>
internal sealed class SentenceView(Sentence sentence, int index, ParsedSource source, SpeakerSides sides, DateOnly? reference)
{
    public Sentence Sentence { get; } = sentence;

    public int Index { get; } = index;

    public ParsedSource Source { get; } = source;

    /// <summary>The sentence with typographic apostrophes folded, same length, so match positions are source positions.</summary>
    public string Text { get; } = sentence.Text.Replace('’', '\'').Replace('‘', '\'');

    public bool IsNote => Source.Kind == SourceKind.Note;

    public bool BySeller => IsNote || sides.IsSeller(Sentence.Speaker);

    public bool ByCustomer => sides.IsCustomer(Sentence.Speaker);

    /// <summary>Transcripts whose sides are unknown: every speaker could be either.</summary>
    public bool SidesUnknown => !IsNote && !sides.Known;

    public bool IsQuestion => Text.TrimEnd().EndsWith('?');

    public DateOnly? Reference { get; } = reference;

    public SpeakerSides Sides => sides;

    public string? Label => Sentence.LineLabel;

    public Section Section => Sentence.Section;

    /// <summary>The sentence before this one when the same person said it in the same turn (for "…them" pointing back).</summary>
    public SentenceView? Previous { get; set; }

    /// <summary>The sentence after this one in the same turn ("I'm concerned about Genesys. We're mid-migration…").</summary>
    public SentenceView? Next { get; set; }
}
