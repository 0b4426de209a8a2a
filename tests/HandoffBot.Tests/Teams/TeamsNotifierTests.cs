using System.Net;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Teams;

/// <summary>Proactive messages through the real adapter to the fake Bot Connector, driven by the durable notify jobs.</summary>
public sealed class TeamsNotifierTests : IAsyncLifetime
{
    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task NewHandoffWithGaps_AeInstalled_GetsTheContextRequestInPersonalChat()
    {
        await world.InstallAsync("29:avery");

        var id = await world.PostDealAsync(Deals.Minimal());

        var request = world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Last();
        Assert.Contains("Acme Logistics", request.Readable, StringComparison.Ordinal);
        Assert.NotNull(request.Card);
        var remembered = (await world.HandoffAsync(id)).Messages[MessageKeys.ContextRequest];
        Assert.Equal((ChatPlatform.Teams, TeamsWorld.PersonalChat("29:avery"), request.MessageId), (remembered.Platform, remembered.Conversation, remembered.MessageId));
    }

    [Fact]
    public async Task ContextSubmitted_BriefPostedToTheCsChannel()
    {
        await world.InstallAsync("29:avery");
        var id = await world.PostDealAsync(Deals.Complete());

        await world.App.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);
        await world.App.RunJobsAsync();

        var brief = Assert.Single(world.Connector.MessagesTo(TeamsWorld.CsChannel), m => m.Card is not null && m.Readable.Contains("Acme Logistics", StringComparison.Ordinal));
        Assert.Equal(TeamsWorld.CsChannel, (await world.HandoffAsync(id)).Messages[MessageKeys.Brief].Conversation);
        Assert.Equal("send", brief.Kind);
    }

    [Fact]
    public async Task AeLinkedWithoutChat_ChatCreatedFromTenantAndId_ThenSent()
    {
        await world.InstallAsync("29:sam");
        var directory = world.App.Get<IPeopleDirectory>();
        var ae = (await directory.FindAsync(Deals.Ae))!;
        await directory.UpsertAsync(ae with { Teams = new TeamsIdentity("29:avery", "aad-avery", TeamsWorld.Tenant) });

        await world.PostDealAsync(Deals.Minimal());

        var created = Assert.Single(world.Connector.Of("create"));
        Assert.Equal("29:avery", (string?)created.Body["members"]?[0]?["id"]);
        Assert.Contains("Acme Logistics", Assert.Single(world.Connector.MessagesTo(created.Conversation)).Readable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AeUnreachable_RevOpsFallbackGetsANoteAndTheCard()
    {
        await world.InstallAsync("29:sam");
        var directory = world.App.Get<IPeopleDirectory>();
        var ae = (await directory.FindAsync(Deals.Ae))!;
        await directory.UpsertAsync(ae with { Teams = new TeamsIdentity("29:avery", "aad-avery", TeamsWorld.Tenant) });
        world.Connector.RefuseChatWith["29:avery"] = true;

        var id = await world.PostDealAsync(Deals.Minimal());

        var toRevOps = world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:sam")).Skip(1).ToList();
        Assert.Equal(2, toRevOps.Count);
        Assert.Contains("Avery Brooks", toRevOps[0].Readable, StringComparison.Ordinal);
        Assert.Contains("Acme Logistics", toRevOps[1].Readable, StringComparison.Ordinal);
        Assert.Equal(Stage.ContextCapture, (await world.HandoffAsync(id)).Stage);
    }

    [Fact]
    public async Task ConnectorDown_ProactiveSendRetriedByTheJob_NeverLost()
    {
        await world.InstallAsync("29:avery");
        world.Connector.FailNext(4, HttpStatusCode.ServiceUnavailable);

        var id = await world.PostDealAsync(Deals.Minimal());

        var pending = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 10), j => j.Kind == NotificationPlanner.ContextRequest);
        Assert.Equal(1, pending.Attempts);
        world.App.Time.Advance(TimeSpan.FromMinutes(1));
        await world.App.RunJobsAsync();
        Assert.Contains(world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")), m => m.Readable.Contains("Acme Logistics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectorThrottlesForAnHour_TheJobWaitsTheHour_OneCall_NoAttemptBurned()
    {
        await world.InstallAsync("29:avery");
        world.Connector.FailNext(10, HttpStatusCode.TooManyRequests, retryAfterSeconds: 3600);
        var before = world.Connector.Requests;
        var start = world.App.Time.GetUtcNow();

        var id = await world.PostDealAsync(Deals.Minimal());
        for (var i = 0; i < 15; i++)
        {
            world.App.Time.Advance(TimeSpan.FromSeconds(10));
            await world.App.RunJobsAsync();
        }

        Assert.Equal(1, world.Connector.Requests - before);
        var pending = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 10), j => j.Kind == NotificationPlanner.ContextRequest);
        Assert.Equal(0, pending.Attempts);
        Assert.InRange(pending.DueAt, start.AddSeconds(3600), start.AddSeconds(3610));
    }
}
