using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>Where a drafted item came from: the verbatim quote, its source and (for calls) speaker and time.</summary>
public sealed record Evidence(
    string Quote,
    string SourceId,
    string? Speaker = null,
    TimeSpan? Offset = null,
    DateTimeOffset? SourceDate = null,
    double Confidence = 1.0);

/// <summary>One suggestion with its evidence. <see cref="Id"/> is stable within a draft (the card's accept/discard key).</summary>
public sealed record Drafted<T>(string Id, T Value, Evidence Evidence);

/// <summary>A source the extractor could not read (broken cue timings, binary, empty, too large…).</summary>
public sealed record SourceError(string SourceId, string Message);

/// <summary>
/// The AI brief: deal context drafted from notes and transcripts. Suggestions only; the AE
/// accepts, edits or discards each one, and nothing here fills a field by itself.
/// </summary>
public sealed record BriefDraft
{
    public IReadOnlyList<Drafted<Commitment>> Commitments { get; init; } = [];
    public IReadOnlyList<Drafted<string>> Goals { get; init; } = [];
    public IReadOnlyList<Drafted<string>> SuccessCriteria { get; init; } = [];
    public IReadOnlyList<Drafted<Stakeholder>> Stakeholders { get; init; } = [];
    public IReadOnlyList<Drafted<Risk>> Risks { get; init; } = [];
    public IReadOnlyList<Drafted<SpecialTerm>> SpecialTerms { get; init; } = [];
    public IReadOnlyList<SourceError> SourceErrors { get; init; } = [];

    /// <summary>Items the extractor proposed whose quote was not found in the source, dropped by the grounding check.</summary>
    public int DroppedUngrounded { get; init; }

    /// <summary>"offline" or the LLM model name.</summary>
    public string Extractor { get; init; } = "offline";

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Identifies the sources this draft was made from (<see cref="BriefRequest.Fingerprint"/>): a CRM update that changed none of them needs no new draft.</summary>
    public string? SourceFingerprint { get; init; }

    public int Count => ContextGrammar.Drafted.Sum(f => f.Count(this));
}

public enum DraftDecision
{
    Accepted,
    Discarded,
}
