using HandoffBot.Cli;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HandoffBot.Cards;

public static class CardServices
{
    /// <summary>The card renderer (templates from cards/, compiled once) and the render-cards verb.</summary>
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddSingleton<CardTemplates>();
        services.AddSingleton<ICliCommand, RenderCardsCommand>();
        services.TryAddSingleton<ICardRenderer>(sp => new TemplateCardRenderer(sp.GetRequiredService<CardTemplates>(), sp.GetRequiredService<TimeProvider>()) { Strict = false });
        return services;
    }
}
