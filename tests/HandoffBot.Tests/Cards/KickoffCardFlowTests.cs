using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Slack;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Cards;

/// <summary>The kickoff card over HTTP: posted in the brief's thread when the kickoff stage starts, updated in place once it is held.</summary>
public sealed class KickoffCardFlowTests
{
    [Fact]
    public async Task IntroSent_KickoffCardInTheBriefsThread_HeldByTheCsm_CardSaysSoWithoutButtons()
    {
        await using var world = await SlackWorld.StartAsync();
        var (id, briefTs) = await world.HandoffInReviewAsync();
        var service = world.App.Get<HandoffService>();
        await service.AcceptAsync(id, Deals.Csm);
        await service.ConfirmSyncAsync(id, Deals.Ae, SyncMode.Meeting);
        await service.ConfirmSyncAsync(id, Deals.Csm, SyncMode.Meeting);
        await service.MarkIntroSentAsync(id, Deals.Ae);
        await world.RunJobsAsync();

        var posted = Assert.Single(world.Slack.CallsTo("chat.postMessage"), c => Header(c.Args["blocks"]) == "🚀 Kickoff · Acme Logistics");
        Assert.Equal(briefTs, posted.Args["thread_ts"]!.GetValue<string>());
        Assert.Contains(SlackWorld.Texts(posted.Args["blocks"]), t => t == "For Avery Brooks (AE) and Casey Lin (CSM)");
        var kickoffTs = (await service.GetAsync(id))!.Messages["kickoff"].MessageId;

        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.CsmUser, ActionVerbs.KickoffHeld, id + "|", SlackWorld.BriefChannel, kickoffTs));
        await world.RunJobsAsync();

        Assert.Equal(Stage.Onboarding, (await service.GetAsync(id))!.Stage);
        var update = world.Slack.CallsTo("chat.update").Last(c => c.Args["ts"]!.GetValue<string>() == kickoffTs);
        Assert.Contains(SlackWorld.Texts(update.Args["blocks"]), t => t.StartsWith("✅ *Kickoff held on Mon 2 Nov 2026.*", StringComparison.Ordinal));
        Assert.DoesNotContain(HandoffBot.Cards.CardLimits.Descendants(update.Args["blocks"]!).OfType<JsonObject>(), o => o["action_id"] is not null);
    }

    private static string? Header(JsonNode? blocks) =>
        blocks?.AsArray().FirstOrDefault(b => (string?)b!["type"] == "header")?["text"]?["text"]?.GetValue<string>();
}
