using HandoffBot.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// Resolving the Bot Framework settings from the Teams section and the root names, and the start-up
/// check on the result (unit level; TeamsStartupTests runs the same through the real process).
/// </summary>
public sealed class TeamsSettingsTests
{
    private const string AppId = "0b1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5";

    [Fact]
    public void RootNamesOnly_AreUsed_ForOurOptionsAndTheSdk()
    {
        var settings = Resolve(new()
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "pw",
            ["ToBotFromChannelOpenIdMetadataUrl"] = "https://example.test/openid",
        });

        Assert.Equal(AppId, settings.MicrosoftAppId);
        Assert.Equal("MicrosoftAppId", settings.SourceOf("MicrosoftAppId"));
        Assert.Empty(settings.Conflicts);
        var sdk = settings.ToConfiguration();
        Assert.Equal(AppId, sdk["MicrosoftAppId"]);
        Assert.Equal("https://example.test/openid", sdk["ToBotFromChannelOpenIdMetadataUrl"]);
    }

    [Fact]
    public void TeamsSection_WinsOverAnEmptyOrEqualRoot()
    {
        var settings = Resolve(new() { ["Teams:MicrosoftAppId"] = AppId, ["MicrosoftAppId"] = " ", ["Teams:MicrosoftAppTenantId"] = "t-1", ["MicrosoftAppTenantId"] = "t-1" });

        Assert.Equal(AppId, settings.MicrosoftAppId);
        Assert.Equal("Teams__MicrosoftAppId", settings.SourceOf("MicrosoftAppId"));
        Assert.Equal("Teams__MicrosoftAppTenantId", settings.SourceOf("MicrosoftAppTenantId"));
        Assert.Empty(settings.Conflicts);
    }

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void AnyKey_SetInBothPlacesDifferently_IsAConflictNamingBoth(string key)
    {
        var settings = Resolve(new() { ["Teams:" + key] = "one-value", [key] = "another-value" });

        var conflict = Assert.Single(settings.Conflicts);
        Assert.StartsWith($"Teams__{key} and {key} are both set", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordConflict_NeverShowsThePasswords()
    {
        var conflict = Assert.Single(Resolve(new() { ["Teams:MicrosoftAppPassword"] = "s3cret-a", ["MicrosoftAppPassword"] = "s3cret-b" }).Conflicts);

        Assert.DoesNotContain("s3cret", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void IdsDifferingOnlyInCase_AreAConflict()
    {
        Assert.Single(Resolve(new() { ["Teams:MicrosoftAppId"] = AppId, ["MicrosoftAppId"] = AppId.ToUpperInvariant() }).Conflicts);
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Testing", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    public void NoAppId_AllowedOnlyInDevelopmentOrWithTheUnsafeSwitch(string environment, string? unsafeSwitch, bool allowed)
    {
        var result = Check(new() { ["Teams:AllowUnauthenticatedUnsafe"] = unsafeSwitch }, environment);

        Assert.Equal(allowed, result.Succeeded);
        if (!allowed)
        {
            Assert.Contains("Teams__AllowUnauthenticatedUnsafe=true", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TeamsDisabled_NeedsNothing_EvenInProduction()
    {
        Assert.True(Check(new() { ["Teams:Enabled"] = "false", ["Teams:MicrosoftAppId"] = "a", ["MicrosoftAppId"] = "b" }, "Production").Succeeded);
    }

    [Theory]
    [InlineData("MicrosoftAppPassword", "pw", "MicrosoftAppPassword is set but MicrosoftAppId is not")]
    [InlineData("Teams:MicrosoftAppTenantId", "t", "Teams__MicrosoftAppTenantId is set but MicrosoftAppId is not")]
    public void CredentialsWithoutAnAppId_Refused_EvenInDevelopment(string key, string value, string expected)
    {
        var result = Check(new() { [key] = value }, "Development");

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "pw", null, null, true)]
    [InlineData("MultiTenant", null, null, null, false)]
    [InlineData("multitenant", "pw", null, null, true)]
    [InlineData("SingleTenant", "pw", null, null, false)]
    [InlineData("SingleTenant", "pw", "tenant-1", null, true)]
    [InlineData("UserAssignedMSI", null, "tenant-1", null, true)]
    [InlineData("UserAssignedMSI", "pw", "tenant-1", null, false)]
    [InlineData("Federated", "pw", null, null, false)]
    [InlineData(null, "pw", null, "https://botframework.azure.us/unknown", false)]
    public void WithAnAppId_TheSdksRulesAreCheckedAtStart(string? type, string? password, string? tenant, string? channelService, bool ok)
    {
        var result = Check(new() { ["MicrosoftAppId"] = AppId, ["MicrosoftAppType"] = type, ["MicrosoftAppPassword"] = password, ["MicrosoftAppTenantId"] = tenant, ["ChannelService"] = channelService }, "Production");

        Assert.True(ok == result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string> EveryKey() => [.. BotFrameworkSettings.Keys];

    private static BotFrameworkSettings Resolve(Dictionary<string, string?> values) =>
        BotFrameworkSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    private static Microsoft.Extensions.Options.ValidateOptionsResult Check(Dictionary<string, string?> values, string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = BotFrameworkSettings.From(configuration);
        var options = configuration.GetSection(TeamsOptions.Section).Get<TeamsOptions>() ?? new TeamsOptions();
        options.MicrosoftAppId = settings.MicrosoftAppId;
        options.MicrosoftAppPassword = settings.MicrosoftAppPassword;
        options.MicrosoftAppTenantId = settings.MicrosoftAppTenantId;
        options.MicrosoftAppType = settings.MicrosoftAppType;
        return new TeamsStartupCheck(settings, new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);
    }
}
