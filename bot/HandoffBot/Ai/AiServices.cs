using System.ClientModel;
using System.ClientModel.Primitives;
using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace HandoffBot.Ai;

public static class AiServices
{
    public const string HttpClientName = "ai-brief";

    /// <summary>
    /// The AI brief: the offline extractor always; an LLM through an OpenAI-compatible endpoint only
    /// when Ai:Endpoint and Ai:Model are set; the drafting jobs; the brief and eval-brief verbs.
    /// </summary>
    public static IServiceCollection AddAiBrief(this IServiceCollection services)
    {
        services.AddValidatedOptions<AiOptions>(AiOptions.Section);
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan); // the per-request timeout is Ai:TimeoutSeconds
        services.AddSingleton<SharedMiniLm>();
        services.AddSingleton(sp => new OfflineBriefExtractor(sp.GetRequiredService<TimeProvider>(), Settings(sp).MaxSourceChars, sp.GetRequiredService<SharedMiniLm>(), BriefModel.Embedded()));
        services.AddSingleton(ChatClient);
        services.AddSingleton<LlmBriefExtractor>();
        services.AddSingleton<FallbackBriefExtractor>();
        services.AddSingleton(sp => new BriefExtractors(
            sp.GetRequiredService<OfflineBriefExtractor>(),
            Settings(sp).LlmEnabled ? sp.GetRequiredService<FallbackBriefExtractor>() : null));
        services.AddSingleton<IJobPlanner>(sp => new BriefPlanner(Settings(sp).LlmEnabled));
        services.AddSingleton<IJobHandler>(sp => new BriefJobHandler(
            sp.GetRequiredService<HandoffService>(),
            sp.GetRequiredService<IPeopleDirectory>(),
            sp.GetRequiredService<OfflineBriefExtractor>(),
            Settings(sp).LlmEnabled ? sp.GetRequiredService<LlmBriefExtractor>() : null));
        services.AddSingleton<ICliCommand, BriefCommand>();
        services.AddSingleton<ICliCommand, EvalBriefCommand>();
        services.AddSingleton<ICliCommand, TrainBriefCommand>();
        services.AddIntegrationStatus(sp =>
        {
            var ai = Settings(sp);
            return new IntegrationStatus(
                "AI brief LLM",
                ai.LlmEnabled,
                "set Ai__Endpoint and Ai__Model (and Ai__ApiKey if the endpoint needs one) to draft with an OpenAI-compatible LLM; drafts use the offline extractor until then",
                ai.LlmEnabled ? $"(model {ai.Model} at {new Uri(ai.Endpoint!).GetLeftPart(UriPartial.Authority)}; only each deal's own notes and transcripts are sent)" : null);
        });
        return services;
    }

    private static AiOptions Settings(IServiceProvider sp) => sp.GetRequiredService<IOptions<AiOptions>>().Value;

    /// <summary>The OpenAI client library over our HttpClient, with its own retries off: the drafting job retries durably instead.</summary>
    private static IChatClient ChatClient(IServiceProvider sp)
    {
        var ai = Settings(sp);
        if (!ai.LlmEnabled)
        {
            throw new InvalidOperationException("No LLM is configured (Ai:Endpoint, Ai:Model).");
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(ai.Endpoint!),
            Transport = new HttpClientPipelineTransport(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(ai.TimeoutSeconds + 5),
        };
        var key = string.IsNullOrWhiteSpace(ai.ApiKey) ? "no-key" : ai.ApiKey; // local servers (Ollama) ignore it, the client needs one
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(ai.Model).AsIChatClient();
    }
}
