namespace HandoffBot.Teams;

/// <summary>
/// The Bot Framework settings, resolved once from both places people put them: the <c>Teams</c> section
/// (<c>Teams__MicrosoftAppId</c>…) and the configuration root (<c>MicrosoftAppId</c>…: the names of every
/// SDK sample and of Azure Bot's app settings). The section wins; both set to different values is a
/// conflict that stops start-up. These values, and only these, configure the SDK's authentication and
/// <see cref="TeamsOptions"/>, so the bot never checks tokens with one app id and sends as another.
/// </summary>
public sealed class BotFrameworkSettings
{
    public const string AppId = "MicrosoftAppId";
    public const string AppPassword = "MicrosoftAppPassword";
    public const string AppTenantId = "MicrosoftAppTenantId";
    public const string AppType = "MicrosoftAppType";

    /// <summary>
    /// Every key the SDK 4.23.1 reads from configuration: ConfigurationBotFrameworkAuthentication,
    /// ConfigurationServiceClientCredentialFactory and AseChannelValidation. Certificate credentials
    /// have no setting there (they are code-only), so they are not offered here either.
    /// </summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        AppId, AppPassword, AppTenantId, AppType,
        "ChannelService", "ValidateAuthority", "CallerId", "OAuthUrl",
        "ToChannelFromBotLoginUrl", "ToChannelFromBotOAuthScope", "ToBotFromChannelTokenIssuer",
        "ToBotFromChannelOpenIdMetadataUrl", "ToBotFromEmulatorOpenIdMetadataUrl",
    ];

    private static readonly HashSet<string> Secrets = new(StringComparer.Ordinal) { AppPassword };

    private readonly Dictionary<string, string> values;
    private readonly Dictionary<string, string> sources;

    private BotFrameworkSettings(Dictionary<string, string> values, Dictionary<string, string> sources, IReadOnlyList<string> conflicts)
    {
        this.values = values;
        this.sources = sources;
        Conflicts = conflicts;
    }

    /// <summary>Keys set in both places to different values, as messages naming both settings (never the values).</summary>
    public IReadOnlyList<string> Conflicts { get; }

    public string MicrosoftAppId => Get(AppId) ?? "";

    public string MicrosoftAppPassword => Get(AppPassword) ?? "";

    public string MicrosoftAppTenantId => Get(AppTenantId) ?? "";

    public string MicrosoftAppType => Get(AppType) ?? "MultiTenant";

    public static BotFrameworkSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (var key in Keys)
        {
            var inSection = Clean(configuration[TeamsOptions.Section + ":" + key]);
            var atRoot = Clean(configuration[key]);
            if (inSection is not null && atRoot is not null && !string.Equals(inSection, atRoot, StringComparison.Ordinal))
            {
                conflicts.Add($"{SectionName(key)} and {key} are both set, to different values{(Secrets.Contains(key) ? "" : " ('" + inSection + "' and '" + atRoot + "')")}: set only one of them.");
            }

            if ((inSection ?? atRoot) is { } value)
            {
                values[key] = value;
                sources[key] = inSection is not null ? SectionName(key) : key;
            }
        }

        return new BotFrameworkSettings(values, sources, conflicts);
    }

    /// <summary>The environment variable name of a setting in the Teams section.</summary>
    public static string SectionName(string key) => TeamsOptions.Section + "__" + key;

    public string? Get(string key) => values.GetValueOrDefault(key);

    /// <summary>Where a value came from (<c>Teams__MicrosoftAppId</c> or <c>MicrosoftAppId</c>); null when unset.</summary>
    public string? SourceOf(string key) => sources.GetValueOrDefault(key);

    /// <summary>The resolved values as the configuration the SDK reads (its own key names, at the root).</summary>
    public IConfiguration ToConfiguration() =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value))).Build();

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
