using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>AE and CSM both on the platform of the CS channel: the internal handoff and the intro go into the brief's thread.</summary>
public sealed class SharedThreadTests : IDisposable
{
    private readonly TimingWorld world;

    public SharedThreadTests()
    {
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "playbook.yaml");
        var yaml = File.ReadAllText(TestDefaults.PlaybookPath)
            .Replace("    crmNames: [Enterprise, Strategic]", "    crmNames: [Enterprise, Strategic]\n    csChannel: slack:C0123ABCD", StringComparison.Ordinal);
        File.WriteAllText(path, yaml);
        world = new TimingWorld(new Dictionary<string, string?> { ["Playbook:Path"] = path, ["Timing:WatchPlaybook"] = "false" });
    }

    public void Dispose() => world.Dispose();

    [Fact]
    public async Task BothOnSlack_InternalHandoffAndIntro_AreRepliesInTheBriefsThread()
    {
        var directory = world.App.Get<IPeopleDirectory>();
        var ae = (await directory.FindAsync(Deals.Ae))!;
        await directory.UpsertAsync(ae with { Platform = ChatPlatform.Slack });
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await world.RunForAsync(TimeSpan.FromMinutes(1));
        var brief = Assert.Single(world.Slack.Deliveries, d => d.How == "channel" && d.Notification is BriefNotification);

        await service.AcceptAsync(id, Deals.Csm);
        await world.RunForAsync(TimeSpan.FromMinutes(1));
        await service.ConfirmSyncAsync(id, Deals.Ae, SyncMode.Async);
        await service.ConfirmSyncAsync(id, Deals.Csm, SyncMode.Async);
        await world.RunForAsync(TimeSpan.FromHours(3));

        var internalHandoff = Assert.Single(world.Slack.Of<InternalHandoffNotification>(), d => d.How == "reply");
        var intro = Assert.Single(world.Slack.Of<WarmIntroNotification>());
        Assert.Equal(brief.MessageId, internalHandoff.To);
        Assert.Equal(("reply", brief.MessageId), (intro.How, intro.To));
        Assert.Empty(world.Teams.Of<InternalHandoffNotification>());
        Assert.True((await world.HandoffAsync(id)).Messages.ContainsKey("internal"));
    }
}
