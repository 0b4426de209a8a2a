using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Tests.Support;

namespace HandoffBot.Core.Tests.Brief;

public sealed class BriefPlannerTests
{
    private readonly TestClock clock = new(HandoffBuilder.T0);

    [Fact]
    public void Plan_OpenedWithSources_DraftIsDueBeforeTheContextRequest()
    {
        var h = Handoff.Open("HO-1", new HandoffBuilder().Build(clock).Deal, DealContext.Empty, [new Note("n-1", null, null, "We committed to SSO.")], [], "Enterprise",
            new Routing(Support.People.Ae, OwnerRole.AccountExecutive, Support.People.CsLead), [], clock);
        var now = clock.Now;

        var brief = new BriefPlanner(refineWithLlm: false).Plan(h, h.Audit, 0, now).ToList();
        var notify = new NotificationPlanner().Plan(h, h.Audit, 0, now).ToList();

        var draft = Assert.Single(brief);
        Assert.Equal(BriefPlanner.Draft, draft.Kind);
        Assert.True(draft.DueAt < notify.Single(j => j.Kind == NotificationPlanner.ContextRequest).DueAt);
    }

    [Fact]
    public void Plan_NoSources_PlansNothing()
    {
        var h = new HandoffBuilder().Build(clock);

        Assert.Empty(new BriefPlanner(false).Plan(h, h.Audit, 0, clock.Now));
    }

    [Fact]
    public void Plan_OfflineDraftAttached_RefinesOnlyWithAnLlm()
    {
        var h = new HandoffBuilder().Build(clock);
        h.RememberMessage(MessageKeys.ContextRequest, new MessageRef(ChatPlatform.Teams, "conv-1", "msg-1"));
        var before = h.Audit.Count;
        h.AttachDraft(new BriefDraft { Extractor = OfflineBriefExtractor.ExtractorName }, clock);
        var entries = h.Audit.Skip(before).ToList();

        Assert.Equal(BriefPlanner.Refine, Assert.Single(new BriefPlanner(true).Plan(h, entries, before, clock.Now)).Kind);
        Assert.Empty(new BriefPlanner(false).Plan(h, entries, before, clock.Now));
        Assert.Contains(new NotificationPlanner().Plan(h, entries, before, clock.Now), j => j.Kind == NotificationPlanner.ContextRequestUpdate);
    }

    [Fact]
    public void Plan_DraftBeforeTheContextRequestWentOut_NoUpdateIsPlanned()
    {
        var h = new HandoffBuilder().Build(clock);
        var before = h.Audit.Count;
        h.AttachDraft(new BriefDraft { Extractor = OfflineBriefExtractor.ExtractorName }, clock);
        var entries = h.Audit.Skip(before).ToList();

        Assert.DoesNotContain(new NotificationPlanner().Plan(h, entries, before, clock.Now), j => j.Kind == NotificationPlanner.ContextRequestUpdate);
    }
}
