using HandoffBot.Core.Brief;

namespace HandoffBot.Ai;

/// <summary>The offline extractor, and the preferred one: the LLM (falling back to offline) when configured, else offline.</summary>
public sealed class BriefExtractors(OfflineBriefExtractor offline, IBriefExtractor? llm = null)
{
    public OfflineBriefExtractor Offline { get; } = offline;

    /// <summary>The LLM with the offline fallback, or null when no LLM is configured.</summary>
    public IBriefExtractor? Llm { get; } = llm;

    public IBriefExtractor Preferred => Llm ?? Offline;
}
