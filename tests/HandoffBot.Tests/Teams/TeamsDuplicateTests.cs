using System.Net;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// Teams redelivers an activity when our answer was slow or lost — also while the bot restarts. The
/// memory of handled activity ids lives in the data file, so a redelivery after a restart is still
/// handled once, and an invoke's redelivery gets the answer the first delivery got.
/// </summary>
public sealed class TeamsDuplicateTests : IAsyncLifetime
{
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Message_RedeliveredAfterARestart_AnsweredOnce()
    {
        var message = world.Message("29:avery", "help");
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(message)).StatusCode);

        await world.RestartAsync();
        var again = await world.PostAsync(message);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")));
    }

    [Fact]
    public async Task CardAction_RedeliveredAfterARestart_SameAnswer_ActionNotRepeated()
    {
        await world.InstallAsync("29:avery", "29:casey");
        var id = await world.PostDealAsync(Deals.Complete());
        var submit = world.CardAction("29:avery", "context.submit", new JObject { ["handoffId"] = id });
        var first = await world.PostAsync(submit);
        var firstBody = await first.Content.ReadAsStringAsync();
        var after = await world.HandoffAsync(id);

        await world.RestartAsync();
        var again = await world.PostAsync(submit);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        var now = await world.HandoffAsync(id);
        Assert.Equal((Stage.CsReview, after.Version, after.Audit.Count), (now.Stage, now.Version, now.Audit.Count));
    }
}
