using System.ClientModel;
using System.Text.Json;
using HandoffBot.Core.Brief;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace HandoffBot.Ai;

/// <summary>
/// Drafts through an LLM behind <see cref="IChatClient"/> (any OpenAI-compatible endpoint). Only
/// this deal's own sources are sent; the answer goes through the same grounding check as the
/// offline extractor's, so an invented or paraphrased quote is dropped and counted. Throws
/// <see cref="LlmUnavailableException"/> on timeout, HTTP errors or an unreadable answer; the
/// caller decides what stands instead (the offline draft).
/// </summary>
public sealed partial class LlmBriefExtractor(IChatClient chat, IOptions<AiOptions> options, TimeProvider time, ILogger<LlmBriefExtractor> logger) : IBriefExtractor
{
    private static readonly JsonElement AnswerSchema = BriefPrompt.Schema();

    public string Name => "llm:" + options.Value.Model;

    public async Task<BriefDraft> ExtractAsync(BriefRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        var (parsed, errors) = OfflineBriefExtractor.Read(request, settings.MaxSourceChars, ct);
        var candidates = new DraftCandidates();
        var batches = BriefPrompt.Batches(parsed, settings.MaxCharsPerRequest);
        var started = time.GetTimestamp();
        foreach (var batch in batches)
        {
            var answer = await AskAsync(BriefPrompt.User(request.Hints, batch), settings, ct);
            BriefJson.ToCandidates(answer, batch[0].Source.Id, candidates);
        }

        var draft = DraftAssembler.Assemble(candidates, parsed, errors, Name, time.GetUtcNow()) with { SourceFingerprint = request.Fingerprint() };
        LogDrafted(logger, settings.Model ?? "", parsed.Count, batches.Count, draft.Count, draft.DroppedUngrounded, time.GetElapsedTime(started).TotalMilliseconds);
        return draft;
    }

    private async Task<BriefDocument> AskAsync(string user, AiOptions settings, CancellationToken ct)
    {
        // On the injected clock, so a test drives the timeout instead of waiting for it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(settings.TimeoutSeconds), time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var chatOptions = new ChatOptions
        {
            ModelId = settings.Model,
            Temperature = (float)settings.Temperature,
            ResponseFormat = settings.StructuredOutput
                ? ChatResponseFormat.ForJsonSchema(AnswerSchema, "deal_brief", "Deal context items, each with a verbatim quote.")
                : ChatResponseFormat.Json,
        };
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync([new ChatMessage(ChatRole.System, BriefPrompt.System), new ChatMessage(ChatRole.User, user)], chatOptions, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new LlmUnavailableException($"The LLM did not answer within {settings.TimeoutSeconds} s.");
        }
        catch (ClientResultException ex)
        {
            // The status only: an error body may echo what was sent.
            throw new LlmUnavailableException($"The LLM endpoint answered HTTP {ex.Status}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmUnavailableException($"The LLM endpoint could not be reached ({ex.HttpRequestError}).", ex);
        }

        try
        {
            return BriefJson.Deserialize(Unfence(response.Text));
        }
        catch (JsonException)
        {
            throw new LlmUnavailableException("The LLM's answer was not the JSON asked for.");
        }
    }

    /// <summary>Some servers wrap JSON in a Markdown code fence even in JSON mode.</summary>
    private static string Unfence(string text)
    {
        var t = text.Trim();
        if (t.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = t.IndexOf('\n', StringComparison.Ordinal);
            var end = t.LastIndexOf("```", StringComparison.Ordinal);
            t = firstLine >= 0 && end > firstLine ? t[(firstLine + 1)..end] : t.Trim('`');
        }

        return t;
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "LLM brief by {Model}: {Sources} source(s) in {Requests} request(s), {Items} item(s) kept, {Dropped} dropped by the grounding check, {Milliseconds:0} ms")]
    private static partial void LogDrafted(ILogger logger, string model, int sources, int requests, int items, int dropped, double milliseconds);
}

/// <summary>The LLM could not give a usable answer (timeout, HTTP error, unreadable JSON). Never carries source text.</summary>
public sealed class LlmUnavailableException : Exception
{
    public LlmUnavailableException()
    {
    }

    public LlmUnavailableException(string message)
        : base(message)
    {
    }

    public LlmUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
