using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>
/// Every card verb as the adapters run it: through the composed app, a real LiteDB file and the
/// playbook that ships. Refusals must change nothing; bad input must name the input.
/// </summary>
public sealed class UserActionServiceTests : IDisposable
{
    private readonly TimingWorld world = new();

    public void Dispose() => world.Dispose();

    private UserActionService Actions => world.App.Get<UserActionService>();

    private Task<ActionResult> Act(string verb, string id, string actor, string? item = null, params (string Id, string? Value)[] inputs) =>
        Actions.ExecuteAsync(new UserAction(verb, id, actor, inputs.ToDictionary(i => i.Id, i => i.Value), item));

    private static (string, string?)[] CompleteForm() =>
    [
        ("whatWasSold", "Route Planner, 250 seats (Analytics)"),
        ("commitments.0.what", "SSO live before go-live"), ("commitments.0.due", "2026-12-15"), ("commitments.0.by", Deals.Ae),
        ("goals", "Cut late deliveries"),
        ("successCriteria", "Late deliveries below 3% by March"),
        ("stakeholders.0.name", "Dana Ruiz"), ("stakeholders.0.title", "VP Operations"), ("stakeholders.0.role", "champion"), ("stakeholders.0.email", "dana@acme.example"),
        ("risks.0.category", "timeline"), ("risks.0.severity", "medium"), ("risks.0.description", "Peak season freeze in December"),
        ("specialTerms.0.kind", "discount"), ("specialTerms.0.text", "15% year-one discount"),
        ("targetGoLive", "2027-01-15"),
        ("customerTimeZone", "America/Chicago"),
    ];

    private async Task<string> NewDealWithGapsAsync()
    {
        var deal = Deals.Minimal();
        deal["csmEmail"] = Deals.Csm;
        return await world.PostDealAsync(deal);
    }

    [Fact]
    public async Task ContextForm_PartialSave_ThenSubmitWithGaps_ThenComplete_MovesToCsReview()
    {
        var id = await NewDealWithGapsAsync();

        var saved = await Act(ActionVerbs.ContextSave, id, Deals.Ae, null, ("goals", "Cut late deliveries"), ("targetGoLive", "2027-01-15"));
        Assert.Equal(ActionStatus.Done, saved.Status);
        Assert.Contains("still missing", saved.Message, StringComparison.Ordinal);
        Assert.Equal(["Cut late deliveries"], (await world.HandoffAsync(id)).Context.Goals);

        var partial = await Act(ActionVerbs.ContextSubmit, id, Deals.Ae, null, ("successCriteria", "Below 3% late"), ("commitments.0.what", ""), ("commitments.0.due", "soon"));
        Assert.Equal(ActionStatus.Invalid, partial.Status);
        Assert.Equal(["commitments.0.due", "commitments.0.what"], partial.Errors.Select(e => e.Field));
        Assert.Empty((await world.HandoffAsync(id)).Context.SuccessCriteria); // a bad form saves nothing

        var gaps = await Act(ActionVerbs.ContextSubmit, id, Deals.Ae, null, ("successCriteria", "Below 3% late"));
        Assert.Equal(ActionStatus.Invalid, gaps.Status);
        Assert.Contains(gaps.Errors, e => e.Field == "stakeholders");
        Assert.Contains(gaps.Errors, e => e.Field == "customerTimeZone");
        var afterGaps = await world.HandoffAsync(id);
        Assert.Equal(["Below 3% late"], afterGaps.Context.SuccessCriteria); // what was typed is kept
        Assert.Equal(Stage.ContextCapture, afterGaps.Stage);

        var sent = await Act(ActionVerbs.ContextSubmit, id, Deals.Ae, null, CompleteForm());
        Assert.Equal(ActionStatus.Done, sent.Status);
        var h = await world.HandoffAsync(id);
        Assert.Equal(Stage.CsReview, h.Stage);
        Assert.Equal(Deals.Csm, h.Owner.Email);
        Assert.Equal("America/Chicago", h.Deal.CustomerTimeZone);
        Assert.Equal(new Stakeholder("Dana Ruiz", "dana@acme.example", StakeholderRole.Champion, "VP Operations"), Assert.Single(h.Context.Stakeholders));
        await world.RunForAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(Deals.Csm, Assert.Single(world.Of<BriefNotification>()).Delivery.To);
    }

    [Fact]
    public async Task ContextForm_ByStranger_IsRefusedAndChangesNothing()
    {
        var id = await NewDealWithGapsAsync();
        var before = (await world.HandoffAsync(id)).Version;

        var result = await Act(ActionVerbs.ContextSave, id, "stranger@example.com", null, ("goals", "Mine now"));

        Assert.Equal(ActionStatus.NotAllowed, result.Status);
        Assert.Equal(before, (await world.HandoffAsync(id)).Version);
    }

    [Fact]
    public async Task Brief_AcceptByStrangerRefused_RejectNeedsReason_AcceptByCsmTransfersOwnership()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        await world.App.Get<Core.Application.HandoffService>().SubmitContextAsync(id, Deals.Ae);

        var stranger = await Act(ActionVerbs.BriefAccept, id, "stranger@example.com");
        Assert.Equal(ActionStatus.NotAllowed, stranger.Status);
        Assert.Equal(Stage.CsReview, (await world.HandoffAsync(id)).Stage);

        var reject = await Act(ActionVerbs.BriefReject, id, Deals.Csm, null, (ActionInputs.Reason, "because"), (ActionInputs.Comment, ""));
        Assert.Equal(ActionStatus.Invalid, reject.Status);
        Assert.Equal([ActionInputs.Reason, ActionInputs.Comment], reject.Errors.Select(e => e.Field));

        var ask = await Act(ActionVerbs.BriefAsk, id, Deals.Csm, null, (ActionInputs.Question, "Who signs off on SSO?"));
        Assert.Equal(ActionStatus.Done, ask.Status);
        var question = Assert.Single(ask.Handoff!.Questions);
        var answer = await Act(ActionVerbs.QuestionAnswer, id, Deals.Ae, question.Id, (ActionInputs.Answer, "Dana's IT lead."));
        Assert.Equal(ActionStatus.Done, answer.Status);
        Assert.Equal(ActionStatus.NotFound, (await Act(ActionVerbs.QuestionAnswer, id, Deals.Ae, "Qnope", (ActionInputs.Answer, "x"))).Status);

        var accept = await Act(ActionVerbs.BriefAccept, id, Deals.Csm);
        Assert.Equal(ActionStatus.Done, accept.Status);
        var h = await world.HandoffAsync(id);
        Assert.Equal(Stage.InternalHandoff, h.Stage);
        Assert.Contains(h.Audit, a => a.Event == "cs.accepted" && a.Actor == Deals.Csm);

        var again = await Act(ActionVerbs.BriefAccept, id, Deals.Csm);
        Assert.Equal(ActionStatus.Stale, again.Status);
    }

    [Fact]
    public async Task Reject_WithSnakeCaseReason_GoesBackToTheAe()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        await world.App.Get<Core.Application.HandoffService>().SubmitContextAsync(id, Deals.Ae);

        var result = await Act(ActionVerbs.BriefReject, id, Deals.Csm, null, (ActionInputs.Reason, "missing_context"), (ActionInputs.Comment, "No success criteria owner."));

        Assert.Equal(ActionStatus.Done, result.Status);
        var h = await world.HandoffAsync(id);
        Assert.Equal(Stage.ContextCapture, h.Stage);
        Assert.Equal(RejectionReason.MissingContext, Assert.Single(h.Rejections).Reason);
    }

    [Fact]
    public async Task AfterAccept_SyncIntroKickoffAndPoll_RunThroughTheirVerbs()
    {
        var id = await world.PostDealAsync(Deals.Complete());
        var service = world.App.Get<Core.Application.HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await service.AcceptAsync(id, Deals.Csm);

        Assert.Equal(ActionStatus.Invalid, (await Act(ActionVerbs.SyncConfirm, id, Deals.Ae, "sometime")).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.SyncConfirm, id, Deals.Ae, "meeting")).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.SyncConfirm, id, Deals.Csm, null, (ActionInputs.SyncMode, "async"))).Status);
        Assert.Equal(Stage.WarmIntro, (await world.HandoffAsync(id)).Stage);

        var early = await Act(ActionVerbs.KickoffBooked, id, Deals.Csm, null, (ActionInputs.KickoffDate, "2026-01-01"));
        Assert.Equal(ActionInputs.KickoffDate, Assert.Single(early.Errors).Field); // before the close date
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.KickoffBooked, id, Deals.Csm, null, (ActionInputs.KickoffDate, "2026-11-12"))).Status);
        Assert.Equal(ActionStatus.NotAllowed, (await Act(ActionVerbs.IntroSent, id, "stranger@example.com")).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.IntroSent, id, Deals.Ae)).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.KickoffHeld, id, Deals.Csm)).Status);
        Assert.Equal(Stage.Onboarding, (await world.HandoffAsync(id)).Stage);

        var bad = await Act(ActionVerbs.PollAnswer, id, Deals.Csm, "30", (ActionInputs.PollMatch, "maybe"), (ActionInputs.PollExpectations, "9"), (ActionInputs.PollChurnRisk, "high"));
        Assert.Equal([ActionInputs.PollMatch, ActionInputs.PollExpectations], bad.Errors.Select(e => e.Field));
        var poll = await Act(ActionVerbs.PollAnswer, id, Deals.Csm, "30", (ActionInputs.PollMatch, "partly"), (ActionInputs.PollExpectations, "3"), (ActionInputs.PollChurnRisk, "medium"), (ActionInputs.PollComment, "Reports were oversold."));
        Assert.Equal(ActionStatus.Done, poll.Status);
        var answer = Assert.Single((await world.HandoffAsync(id)).PollAnswers);
        Assert.Equal(DealMatch.Partly, answer.MatchedWhatWasSold);
        Assert.Equal(Deals.Csm, answer.By);
    }

    [Fact]
    public async Task Escalation_NudgeSnoozeReassign_CheckWhoActs()
    {
        var id = await NewDealWithGapsAsync();
        var due = (await world.HandoffAsync(id)).DueAt;

        Assert.Equal(ActionStatus.NotAllowed, (await Act(ActionVerbs.SlaNudge, id, Deals.Csm)).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.SlaNudge, id, "morgan.lead@example.com")).Status);
        Assert.Equal(ActionStatus.Done, (await Act(ActionVerbs.SlaSnooze, id, "morgan.lead@example.com")).Status);
        Assert.True((await world.HandoffAsync(id)).DueAt > due);

        var unknown = await Act(ActionVerbs.SlaReassign, id, Deals.CsLead, null, (ActionInputs.NewOwner, "nobody@example.com"));
        Assert.Equal(ActionInputs.NewOwner, Assert.Single(unknown.Errors).Field);
        var reassigned = await Act(ActionVerbs.SlaReassign, id, Deals.CsLead, null, (ActionInputs.NewOwner, Deals.RevOps), (ActionInputs.Comment, "Avery is out"));
        Assert.Equal(ActionStatus.Done, reassigned.Status);
        Assert.Equal(Deals.RevOps, (await world.HandoffAsync(id)).Owner.Email);
    }

    [Theory]
    [InlineData("no.such.verb", "H-whatever")]
    [InlineData(ActionVerbs.BriefAccept, "H-does-not-exist")]
    [InlineData(ActionVerbs.BriefAccept, "")]
    public async Task UnknownVerbOrHandoff_IsNotFound_NeverThrows(string verb, string id)
    {
        var result = await Act(verb, id, Deals.Csm);

        Assert.Equal(ActionStatus.NotFound, result.Status);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }
}
