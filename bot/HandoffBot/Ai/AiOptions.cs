using System.ComponentModel.DataAnnotations;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Ai;

/// <summary>
/// Section "Ai": the AI brief. Drafts are always made by the offline extractor; an LLM is used on
/// top only when both <see cref="Endpoint"/> and <see cref="Model"/> are set (Ai__Endpoint,
/// Ai__Model, Ai__ApiKey). Any OpenAI-compatible chat completions endpoint works: OpenAI, Azure
/// OpenAI (…/openai/v1/), Ollama (http://localhost:11434/v1/), vLLM, LM Studio.
/// </summary>
public sealed class AiOptions : IValidatableObject
{
    public const string Section = "Ai";

    /// <summary>Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1/. Unset: no LLM.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model or deployment name, e.g. gpt-4o-mini, llama3.1:8b.</summary>
    public string? Model { get; set; }

    /// <summary>API key (a secret: environment variable or secret store only). Ollama and similar need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one LLM request may take before the offline draft stands.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Source text per LLM request; longer deals are sent in several requests, split between utterances.</summary>
    [Range(2_000, 2_000_000)]
    public int MaxCharsPerRequest { get; set; } = 60_000;

    /// <summary>Largest note or transcript read at all (characters); larger ones get a per-source error.</summary>
    [Range(1_000, 64_000_000)]
    public int MaxSourceChars { get; set; } = SourceReader.DefaultMaxChars;

    /// <summary>Ask for JSON-schema structured output. Turn off for servers that only support plain JSON mode.</summary>
    public bool StructuredOutput { get; set; } = true;

    [Range(0.0, 2.0)]
    public double Temperature { get; set; }

    public bool LlmEnabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Endpoint)
            && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Ai:Endpoint must be an absolute http(s) URL, e.g. https://api.openai.com/v1/.", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Endpoint) != string.IsNullOrWhiteSpace(Model))
        {
            yield return new ValidationResult("Set both Ai:Endpoint and Ai:Model to use an LLM (or neither for offline drafts only).", [nameof(Endpoint), nameof(Model)]);
        }
    }
}
