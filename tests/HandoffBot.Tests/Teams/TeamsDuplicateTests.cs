using System.Net;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Storage;
using HandoffBot.Teams;
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

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync(new Dictionary<string, string?> { ["Teams:DuplicateMaxEntries"] = "1000" });

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

    [Fact]
    public async Task Redelivery_AfterTheWindow_HandledAgain()
    {
        var message = world.Message("29:avery", "help");
        await world.PostAsync(message);

        world.App.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await world.PostAsync(message);

        Assert.Equal(2, world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Count);
    }

    [Fact]
    public async Task ActivityIdsDifferingOnlyInCase_AreTwoActivities()
    {
        var upper = world.Message("29:avery", "help");
        upper["id"] = "1:AbCdEf";
        var lower = world.Message("29:avery", "help");
        lower["id"] = "1:abcdef";

        await world.PostAsync(upper);
        await world.PostAsync(lower);

        Assert.Equal(2, world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Count);
    }

    [Fact]
    public void OnlyFinishedActivities_AreWritten_InFlightOnesNever()
    {
        // An activity a crash cuts off mid-turn must be handled when Teams redelivers it, so it is never in the file.
        var duplicates = world.App.Get<DuplicateActivities>();
        var ledger = world.App.Get<IActivityLedger>();
        Assert.True(duplicates.TryBegin("a:chat", "in-flight", out _));
        Assert.True(duplicates.TryBegin("a:chat", "done", out _));
        duplicates.Complete("a:chat", "done", null);

        duplicates.Flush();

        Assert.Equal(1, ledger.Count());
        Assert.NotNull(ledger.Find(DuplicateActivities.Key128.Of("a:chat", "done").ToString()));
        Assert.Null(ledger.Find(DuplicateActivities.Key128.Of("a:chat", "in-flight").ToString()));

        // A turn whose caller went away (no answer) is let go: its redelivery is handled.
        Assert.False(duplicates.TryBegin("a:chat", "in-flight", out _));
        duplicates.Abandon("a:chat", "in-flight");
        Assert.True(duplicates.TryBegin("a:chat", "in-flight", out _));
    }

    [Fact]
    public void Memory_IsBoundedInAgeAndCount_OldestForgottenFirst()
    {
        var duplicates = world.App.Get<DuplicateActivities>();
        var ledger = world.App.Get<IActivityLedger>();
        var writer = world.App.Get<ActivityLedgerWriter>();
        for (var i = 0; i < 2_500; i++)
        {
            Assert.True(duplicates.TryBegin("a:chat", $"act-{i:D5}", out _));
            duplicates.Complete("a:chat", $"act-{i:D5}", null);
            world.App.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        duplicates.Flush();
        writer.TrimOnce();

        Assert.Equal((1_000, 1_000), (duplicates.Count, ledger.Count()));
        Assert.False(duplicates.TryBegin("a:chat", "act-02499", out _)); // the newest are kept
        Assert.True(duplicates.TryBegin("a:chat", "act-00000", out _)); // the oldest went

        // Past the window everything goes (the hosted writer's own tick may take part of it first).
        world.App.Time.Advance(TimeSpan.FromMinutes(11));
        writer.TrimOnce();
        Assert.Equal((0, 0), (duplicates.Count, ledger.Count()));
    }

    [Fact]
    public async Task ManyAtOnce_EachActivityHandledOnce_HoweverOftenItArrives()
    {
        // Writes are group-committed: deliveries arriving together share transactions, and must still see each other.
        var messages = Enumerable.Range(0, 12).Select(_ => world.Message("29:avery", "help")).ToList();

        var responses = await Task.WhenAll(messages.SelectMany(m => Enumerable.Range(0, 4).Select(_ => world.PostAsync(m))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(12, world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Count);
    }
}
