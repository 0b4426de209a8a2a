using System.Net;
using HandoffBot.Tests.Brief;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// How the bot starts with each Teams configuration: the refusals are checked on the real process
/// (exit code and what it says), the rest in-process.
/// </summary>
public sealed class TeamsStartupTests
{
    private const string AppId = "0b1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5";

    [Fact]
    public async Task Production_NoAppIdAnywhere_RefusesToStart_SayingWhatToSet()
    {
        var (exitCode, output) = await BotProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Teams__Enabled"] = "true" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MicrosoftAppId", output, StringComparison.Ordinal);
        Assert.Contains("Teams__AllowUnauthenticatedUnsafe", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_RootAndTeamsNamesDiffer_RefusesToStart_NamingBoth()
    {
        var (exitCode, output) = await BotProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "secret-one",
            ["Teams__MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Teams__MicrosoftAppId", output, StringComparison.Ordinal);
        Assert.Contains(" MicrosoftAppId", output, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-one", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_TeamsDisabled_NoCredentials_Starts_WithoutTheEndpoint()
    {
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?> { ["Teams__Enabled"] = "false" });
        using var client = bot.Client();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/messages", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task Production_UnsafeSwitch_StartsAnonymous_WithALoudWarning()
    {
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?> { ["Teams__AllowUnauthenticatedUnsafe"] = "true" });

        Assert.Contains(bot.Output.Split('\n'), l => l.StartsWith("warn", StringComparison.Ordinal) && l.Contains("Teams__AllowUnauthenticatedUnsafe", StringComparison.Ordinal) && l.Contains("UNSIGNED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_RootNamesOnly_InProcess_UnsignedInvoke401()
    {
        await using var world = await TeamsWorld.StartAsync(
            new Dictionary<string, string?>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = "not-a-real-secret",
                ["Teams:AllowUnauthenticatedUnsafe"] = "false",
            },
            environment: "Production");

        var response = await world.PostAsync(world.CardAction("29:avery", "context.submit", new Newtonsoft.Json.Linq.JObject { ["handoffId"] = "HO-ANY" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(world.Connector.Calls);
    }

    [Fact]
    public async Task Development_NoAppId_RunsAnonymous_AndWarnsWhatThatMeans()
    {
        var logs = new CapturingLogs();
        await using var world = await TeamsWorld.StartAsync(
            new Dictionary<string, string?> { ["Teams:AllowUnauthenticatedUnsafe"] = "false" },
            s => s.AddSingleton<ILoggerProvider>(logs),
            environment: "Development");

        var response = await world.PostAsync(world.Message("29:avery", "help"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("anonymous", StringComparison.OrdinalIgnoreCase) && l.Contains("unsigned", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Development_Anonymous_TakesActivitiesAsSent_SoAnotherServiceUrlRepointsTheChat()
    {
        // Nothing to check an unsigned activity against: this is what anonymous means, and why it is refused outside Development.
        await using var world = await TeamsWorld.StartAsync(new Dictionary<string, string?> { ["Teams:AllowUnauthenticatedUnsafe"] = "false" }, environment: "Development");
        var chat = TeamsWorld.PersonalChat("29:avery");
        await world.PostAsync(world.PersonalInstall("29:avery"));
        var elsewhere = world.Activity("installationUpdate", "29:avery", chat);
        elsewhere["action"] = "add";
        elsewhere["serviceUrl"] = "http://127.0.0.1:9/";

        var response = await world.PostAsync(elsewhere);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("http://127.0.0.1:9/", world.App.Get<HandoffBot.Teams.ConversationStore>().Find(chat)!.ServiceUrl);
    }
}
