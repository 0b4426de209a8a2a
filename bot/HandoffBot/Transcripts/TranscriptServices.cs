using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Gong;
using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HandoffBot.Transcripts;

public static class TranscriptServices
{
    /// <summary>Transcript uploads and the Gong integration (its client, rate limit and pull job).</summary>
    public static IServiceCollection AddTranscripts(this IServiceCollection services)
    {
        services.AddValidatedOptions<TranscriptOptions>(TranscriptOptions.Section);
        services.AddValidatedOptions<GongOptions>(GongOptions.Section);

        // The deal's total for notes and transcripts; the intake registers the configured one.
        services.TryAddSingleton(SourceLimit.Default);
        services.AddSingleton<GongRateLimit>();
        services.AddHttpClient(GongClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // per attempt: Gong:RequestTimeoutSeconds
            .AddGongResilience();
        services.AddSingleton<GongClient>();
        services.AddSingleton<IJobHandler, GongTranscriptJob>();
        services.AddIntegrationStatus(sp =>
        {
            var gong = sp.GetRequiredService<IOptions<GongOptions>>().Value;
            return new IntegrationStatus(
                "Gong call transcripts",
                gong.Enabled,
                "set Gong__AccessKey and Gong__AccessKeySecret (and Gong__ApiBaseUrl, your tenant's API base URL) to pull transcripts with POST /api/handoffs/{id}/transcripts {\"gongCallId\": …}; transcript files can be uploaded meanwhile",
                gong.Enabled ? $"(at {gong.BaseUri.GetLeftPart(UriPartial.Authority)})" : null);
        });
        return services;
    }
}
