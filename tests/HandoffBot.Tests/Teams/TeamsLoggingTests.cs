using HandoffBot.Tests.Brief;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Tests.Teams;

/// <summary>What the Teams adapter says in the log: that it runs anonymously, and never what people wrote.</summary>
public sealed class TeamsLoggingTests : IAsyncLifetime
{
    private readonly CapturingLogs logs = new();
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task EmptyAppId_OutsideDevelopment_RunsAnonymouslyOnlyBecauseOfTheUnsafeSwitch_AndSaysSo()
    {
        await world.PostAsync(world.Message("29:avery", "help"));

        Assert.Contains(logs.Lines, l => l.Contains("UNSAFE", StringComparison.Ordinal) && l.Contains("Teams__AllowUnauthenticatedUnsafe=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailingTurnsAndOddInput_NeverLogWhatPeopleWrote()
    {
        const string Secret = "Project Nightingale budget 4.2M";
        var unreachable = world.Message("29:avery", "status " + Secret);
        unreachable["serviceUrl"] = "http://127.0.0.1:9/";
        await world.PostAsync(unreachable);
        await world.PostAsync(world.Message("29:avery", Secret));
        await world.PostRawAsync("{\"type\":\"message\",\"text\":\"" + Secret + "\"}");

        Assert.DoesNotContain(logs.Lines, l => l.Contains("Nightingale", StringComparison.Ordinal));
    }
}
