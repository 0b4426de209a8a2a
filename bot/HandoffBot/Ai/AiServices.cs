using HandoffBot.Cli;
using HandoffBot.Core.Brief;
using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Ai;

public static class AiServices
{
    /// <summary>The AI brief: offline extractor always, LLM when configured, the drafting job, the CLI verbs.</summary>
    public static IServiceCollection AddAiBrief(this IServiceCollection services)
    {
        services.AddValidatedOptions<AiOptions>(AiOptions.Section);
        services.AddSingleton(sp => new OfflineBriefExtractor(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AiOptions>>().Value.MaxSourceChars));
        services.AddSingleton(sp => new BriefExtractors(sp.GetRequiredService<OfflineBriefExtractor>()));
        services.AddSingleton<ICliCommand, BriefCommand>();
        services.AddSingleton<ICliCommand, EvalBriefCommand>();
        return services;
    }
}
