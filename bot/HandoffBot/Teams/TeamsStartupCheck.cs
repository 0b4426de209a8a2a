using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Fail closed at start-up (options validation, so the bot exits with the message): Teams on with
/// settings that would let it run unauthenticated outside Development, or with settings the SDK would
/// misread (names set twice with different values, an unknown app type, a credential missing) is refused.
/// </summary>
public sealed class TeamsStartupCheck(BotFrameworkSettings settings, IHostEnvironment environment) : IValidateOptions<TeamsOptions>
{
    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>(settings.Conflicts);
        if (options.IsAnonymous)
        {
            failures.AddRange(AnonymousProblems(options));
        }
        else
        {
            failures.AddRange(CredentialProblems());
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> AnonymousProblems(TeamsOptions options)
    {
        foreach (var key in new[] { BotFrameworkSettings.AppPassword, BotFrameworkSettings.AppTenantId })
        {
            if (settings.SourceOf(key) is { } source)
            {
                yield return $"{source} is set but MicrosoftAppId is not (nor Teams__MicrosoftAppId): set the bot's app id too, or remove {source}.";
            }
        }

        if (!environment.IsDevelopment() && !options.AllowUnauthenticatedUnsafe)
        {
            yield return $"Teams is on without MicrosoftAppId in the {environment.EnvironmentName} environment, so POST /api/messages would accept " +
                "unsigned activities from anyone, acting as any Teams user. Set MicrosoftAppId and MicrosoftAppPassword " +
                "(or Teams__MicrosoftAppId and Teams__MicrosoftAppPassword), or turn Teams off with Teams__Enabled=false. " +
                "Only for a closed test rig: Teams__AllowUnauthenticatedUnsafe=true.";
        }
    }

    private IEnumerable<string> CredentialProblems()
    {
        var appId = Named(BotFrameworkSettings.AppId);
        var type = AppTypes.FirstOrDefault(t => string.Equals(t, settings.MicrosoftAppType, StringComparison.OrdinalIgnoreCase));
        if (type is null)
        {
            // The SDK would quietly treat an unknown type as MultiTenant.
            yield return $"{Named(BotFrameworkSettings.AppType)} is '{settings.MicrosoftAppType}': use MultiTenant, SingleTenant or UserAssignedMSI.";
            yield break;
        }

        var hasPassword = settings.MicrosoftAppPassword.Length > 0;
        var hasTenant = settings.MicrosoftAppTenantId.Length > 0;
        if (type == "UserAssignedMSI")
        {
            if (hasPassword)
            {
                yield return $"{Named(BotFrameworkSettings.AppPassword)} must not be set for a UserAssignedMSI bot (the managed identity signs in).";
            }
        }
        else if (!hasPassword)
        {
            yield return $"MicrosoftAppPassword (or Teams__MicrosoftAppPassword) is required with {appId} for a {type} bot: without it the bot can receive but never answer.";
        }

        if (type != "MultiTenant" && !hasTenant)
        {
            yield return $"MicrosoftAppTenantId (or Teams__MicrosoftAppTenantId) is required for a {type} bot.";
        }

        string? sdkProblem = null;
        try
        {
            // What the SDK itself refuses (an unknown ChannelService, a ValidateAuthority that is not a boolean…), now rather than on the first request.
            _ = new ConfigurationBotFrameworkAuthentication(settings.ToConfiguration());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            sdkProblem = $"The Bot Framework settings are not usable: {ex.Message}";
        }

        if (sdkProblem is not null)
        {
            yield return sdkProblem;
        }
    }

    /// <summary>A setting as the operator set it (Teams__X or X), for messages.</summary>
    private string Named(string key) => settings.SourceOf(key) ?? key;
}
