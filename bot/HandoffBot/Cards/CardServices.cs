using HandoffBot.Cards.Data;
using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HandoffBot.Cards;

public static class CardServices
{
    /// <summary>
    /// The card renderer (one, strict, in production as in the tests), the templates with their
    /// overrides (checked at start-up, reloaded when the folder changes or on POST /api/cards/reload)
    /// and the render-cards verb.
    /// </summary>
    public static IServiceCollection AddCards(this IServiceCollection services)
    {
        services.AddValidatedOptions<CardsOptions>(CardsOptions.Section);
        services.AddSingleton<CardTemplates>();
        services.AddSingleton<CardProblems>();
        services.AddSingleton<CardPeople>();
        services.AddSingleton<ICliCommand, RenderCardsCommand>();
        services.AddHostedService<CardOverrideWatcher>();
        services.TryAddSingleton<ICardRenderer>(sp =>
        {
            var people = sp.GetRequiredService<CardPeople>();
            var playbooks = sp.GetRequiredService<IPlaybookProvider>();
            return new TemplateCardRenderer(
                sp.GetRequiredService<CardTemplates>(),
                sp.GetRequiredService<TimeProvider>(),
                people.BookAsync,
                () => playbooks.Current.Calendar.DefaultTimeZone,
                sp.GetRequiredService<CardProblems>(),
                sp.GetRequiredService<ILogger<TemplateCardRenderer>>());
        });
        return services;
    }
}
