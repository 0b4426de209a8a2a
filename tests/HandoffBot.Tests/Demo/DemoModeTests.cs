using HandoffBot.Demo;
using Microsoft.AspNetCore.Builder;

namespace HandoffBot.Tests.Demo;

/// <summary>The <c>demo</c> command refuses, with the reason in one paragraph, where it must not run.</summary>
public sealed class DemoModeTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopment_Refused(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = [] });
        using var error = new StringWriter();

        Assert.Equal(DemoMode.Refused, DemoMode.Parse(["demo"])!.Prepare(builder, error));
        Assert.Contains("only in the Development environment", error.ToString(), StringComparison.Ordinal);
        Assert.Null(builder.Configuration["Demo:Enabled"]);
    }

    [Theory]
    [InlineData("MicrosoftAppId")]
    [InlineData("Teams:MicrosoftAppId")]
    public void WithATeamsAppId_Refused(string key)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
        builder.Configuration[key] = "00000000-0000-0000-0000-000000000001";
        using var error = new StringWriter();

        Assert.Equal(DemoMode.Refused, DemoMode.Parse(["demo", "slack"])!.Prepare(builder, error));
        Assert.Contains("runs only without an app id", error.ToString(), StringComparison.Ordinal);
        Assert.Null(builder.Configuration["Demo:Enabled"]);
    }

    [Theory]
    [InlineData(new[] { "demo" }, "Teams", 0)]
    [InlineData(new[] { "demo", "slack", "--urls", "http://localhost:3979" }, "Slack", 2)]
    [InlineData(new[] { "Demo", "teams" }, "Teams", 0)]
    public void Parse_PlatformAndTheRestForTheHost(string[] args, string platform, int rest)
    {
        var demo = DemoMode.Parse(args)!;

        Assert.Equal(platform, demo.Platform.ToString());
        Assert.Equal(rest, demo.RemainingArgs.Length);
    }

    [Fact]
    public void Parse_NotTheDemo_Null() => Assert.Null(DemoMode.Parse(["import", "deals.csv"]));
}
