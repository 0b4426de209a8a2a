namespace HandoffBot.Options;

public static class OptionsExtensions
{
    /// <summary>Typed, validated settings, checked at start-up so a bad value stops the bot with a clear message.</summary>
    public static IServiceCollection AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
