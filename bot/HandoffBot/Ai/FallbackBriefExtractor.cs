using HandoffBot.Core.Brief;

namespace HandoffBot.Ai;

/// <summary>The LLM when it answers, the offline extractor when it does not (timeout, 500, bad JSON). For the CLI and one-off drafts.</summary>
public sealed partial class FallbackBriefExtractor(LlmBriefExtractor llm, OfflineBriefExtractor offline, ILogger<FallbackBriefExtractor> logger) : IBriefExtractor
{
    public string Name => llm.Name;

    public async Task<BriefDraft> ExtractAsync(BriefRequest request, CancellationToken ct)
    {
        try
        {
            return await llm.ExtractAsync(request, ct);
        }
        catch (LlmUnavailableException ex)
        {
            LogFallback(logger, ex.Message);
            return offline.Extract(request, ct);
        }
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "LLM brief unavailable ({Reason}); the offline extractor's draft is used")]
    private static partial void LogFallback(ILogger logger, string reason);
}
