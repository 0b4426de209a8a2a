using System.Text.Json;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;
using static HandoffBot.Core.Tests.Support.People;

namespace HandoffBot.Core.Tests;

public sealed class HandoffTransitionTests
{
    private readonly TestClock clock = new(HandoffBuilder.T0);

    [Fact]
    public void Open_NewDeal_IsInContextCaptureOwnedByAeWithClockAndAudit()
    {
        var h = new HandoffBuilder().Build(clock);

        Assert.Equal(Stage.ContextCapture, h.Stage);
        Assert.Equal(Ae, h.Owner.Email);
        Assert.Equal(OwnerRole.AccountExecutive, h.Owner.Role);
        Assert.Equal(clock.Now + clock.StageSla, h.DueAt);
        Assert.Equal(["handoff.opened", "stage.entered"], h.Audit.Select(a => a.Event));
    }

    [Fact]
    public void SubmitContext_WithMissingRequiredField_IsRefusedAndChangesNothing()
    {
        var h = new HandoffBuilder().WithContext(HandoffBuilder.CompleteContext with { Risks = [] }).Build(clock);
        var before = Snapshot(h);

        var ex = Assert.Throws<HandoffRuleException>(() => h.SubmitContext(AeActor, HandoffBuilder.Rules, clock));

        Assert.Equal("incomplete", ex.Code);
        Assert.Contains("Risks", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(h));
    }

    [Fact]
    public void SubmitContext_RisksConfirmedNone_CountsAsFilled()
    {
        var h = new HandoffBuilder().WithContext(HandoffBuilder.CompleteContext with
        {
            Risks = [],
            ConfirmedNone = new HashSet<ContextField> { ContextField.Risks },
        }).Build(clock);

        h.SubmitContext(AeActor, HandoffBuilder.Rules, clock);

        Assert.Equal(Stage.CsReview, h.Stage);
    }

    [Fact]
    public void SubmitContext_ByStranger_IsNotAllowed()
    {
        var h = new HandoffBuilder().Build(clock);

        Assert.Throws<NotAllowedException>(() => h.SubmitContext(StrangerActor, HandoffBuilder.Rules, clock));
        Assert.Equal(Stage.ContextCapture, h.Stage);
    }

    [Fact]
    public void SubmitContext_Complete_MovesToCsReviewOwnedByAssignedCsmAndRecordsCompleteness()
    {
        var h = new HandoffBuilder().Build(clock);

        h.SubmitContext(AeActor, HandoffBuilder.Rules, clock);

        Assert.Equal(Stage.CsReview, h.Stage);
        Assert.Equal(Csm, h.Owner.Email);
        Assert.Equal(OwnerRole.Csm, h.Owner.Role);
        Assert.Equal(98, h.CompletenessAtReview); // everything but notes (weight 2)
    }

    [Fact]
    public void SubmitContext_NoCsmAssigned_CsLeadOwnsReview()
    {
        var h = new HandoffBuilder().WithoutCsm().Build(clock);

        h.SubmitContext(AeActor, HandoffBuilder.Rules, clock);

        Assert.Equal(CsLead, h.Owner.Email);
        Assert.Equal(OwnerRole.CsLead, h.Owner.Role);
    }

    [Fact]
    public void Accept_ByStranger_IsRefusedAndChangesNothing()
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);
        var before = Snapshot(h);

        Assert.Throws<NotAllowedException>(() => h.Accept(StrangerActor, clock));
        Assert.Throws<NotAllowedException>(() => h.Accept(Csm2Actor, clock));

        Assert.Equal(before, Snapshot(h));
    }

    [Fact]
    public void Accept_ByAssignedCsm_TransfersToInternalHandoffWithAeAccountable()
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);
        clock.Advance(TimeSpan.FromMinutes(30));

        h.Accept(CsmActor, clock);

        Assert.Equal(Stage.InternalHandoff, h.Stage);
        Assert.Equal(Ae, h.Owner.Email);
        Assert.Equal(clock.Now, h.AcceptedAt);
        Assert.Equal(Csm, h.AcceptedBy);
        Assert.Contains(h.Audit, a => a.Event == "cs.accepted" && a.Actor == Csm);
    }

    [Fact]
    public void Accept_UnassignedByCsLeadWithoutCsmRole_AsksToAssignFirst()
    {
        var h = new HandoffBuilder().WithoutCsm().InStage(Stage.CsReview).Build(clock);

        var ex = Assert.Throws<HandoffRuleException>(() => h.Accept(LeadActor, clock));

        Assert.Equal("no-csm", ex.Code);
    }

    [Fact]
    public void Accept_UnassignedByAnyCsm_MakesThemTheCsm()
    {
        var h = new HandoffBuilder().WithoutCsm().InStage(Stage.CsReview).Build(clock);

        h.Accept(Csm2Actor, clock);

        Assert.Equal(Csm2, h.Deal.CsmEmail);
    }

    [Fact]
    public void Accept_InWrongStage_IsRefused()
    {
        var h = new HandoffBuilder().Build(clock);

        var ex = Assert.Throws<HandoffRuleException>(() => h.Accept(CsmActor, clock));

        Assert.Equal("wrong-stage", ex.Code);
    }

    [Fact]
    public void Reject_WithReason_GoesBackToAeWithRecord()
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);

        h.Reject(RejectionReason.MissingContext, "Which SSO provider?", CsmActor, clock);

        Assert.Equal(Stage.ContextCapture, h.Stage);
        Assert.Equal(Ae, h.Owner.Email);
        var rejection = Assert.Single(h.Rejections);
        Assert.Equal(RejectionReason.MissingContext, rejection.Reason);
        Assert.Equal("Which SSO provider?", rejection.Comment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Reject_WithoutComment_FailsValidationAndChangesNothing(string comment)
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);
        var before = Snapshot(h);

        var ex = Assert.Throws<ValidationFailedException>(() => h.Reject(RejectionReason.Other, comment, CsmActor, clock));

        Assert.Equal("comment", Assert.Single(ex.Errors).Field);
        Assert.Equal(before, Snapshot(h));
    }

    [Fact]
    public void InternalSync_NeedsBothSides()
    {
        var h = new HandoffBuilder().InStage(Stage.InternalHandoff).Build(clock);

        h.ConfirmInternalSync(SyncMode.Async, AeActor, clock);
        Assert.Equal(Stage.InternalHandoff, h.Stage);
        h.ConfirmInternalSync(SyncMode.Async, AeActor, clock);
        Assert.Equal(Stage.InternalHandoff, h.Stage);
        h.ConfirmInternalSync(SyncMode.Async, CsmActor, clock);

        Assert.Equal(Stage.WarmIntro, h.Stage);
        Assert.Equal(Ae, h.Owner.Email);
    }

    [Fact]
    public void IntroSent_ThenKickoffHeld_CsmOwnsOnboarding()
    {
        var h = new HandoffBuilder().InStage(Stage.WarmIntro).Build(clock);

        h.MarkIntroSent(AeActor, clock);
        Assert.Equal(Stage.Kickoff, h.Stage);
        Assert.Equal(Csm, h.Owner.Email);
        h.RecordKickoffHeld(DateOnly.FromDateTime(clock.Now.UtcDateTime), CsmActor, clock);

        Assert.Equal(Stage.Onboarding, h.Stage);
        Assert.Equal(Csm, h.Owner.Email);
        Assert.Null(h.DueAt);
    }

    [Fact]
    public void KickoffHeld_InTheFuture_IsRefused()
    {
        var h = new HandoffBuilder().InStage(Stage.Kickoff).Build(clock);

        Assert.Throws<ValidationFailedException>(() => h.RecordKickoffHeld(DateOnly.FromDateTime(clock.Now.UtcDateTime).AddDays(30), CsmActor, clock));
        Assert.Equal(Stage.Kickoff, h.Stage);
    }

    [Fact]
    public void AnswerPoll_Twice_SecondIsRefused()
    {
        var h = new HandoffBuilder().InStage(Stage.Onboarding).Build(clock);
        var answer = new PollAnswer(30, DealMatch.Partly, 3, null, Severity.Medium, "SSO slipped", "", default);

        h.AnswerPoll(answer, CsmActor, clock);
        var ex = Assert.Throws<HandoffRuleException>(() => h.AnswerPoll(answer, CsmActor, clock));

        Assert.Equal("already-answered", ex.Code);
        Assert.Single(h.PollAnswers);
        Assert.Equal(Csm, h.PollAnswers[0].By);
    }

    [Fact]
    public void AnswerPoll_WithFirstValueDate_RecordsFirstValueOutcome()
    {
        var h = new HandoffBuilder().InStage(Stage.Onboarding).Build(clock);
        var firstValue = new DateOnly(2026, 12, 1);

        h.AnswerPoll(new PollAnswer(30, DealMatch.Yes, 5, firstValue, Severity.Low, null, "", default), CsmActor, clock);

        Assert.Contains(h.Outcomes, o => o.Kind == OutcomeKind.FirstValue && o.On == firstValue);
    }

    [Fact]
    public void RecordOutcome_Churn_MovesToOutcome()
    {
        var h = new HandoffBuilder().InStage(Stage.Onboarding).Build(clock);

        h.RecordOutcome(OutcomeKind.Churn, new DateOnly(2027, 2, 1), "Budget cut", CsmActor, clock);

        Assert.Equal(Stage.Outcome, h.Stage);
        Assert.Equal(Csm, h.Owner.Email);
    }

    [Fact]
    public void AssignCsm_ByCsLeadDuringReview_TransfersOwnership()
    {
        var h = new HandoffBuilder().WithoutCsm().InStage(Stage.CsReview).Build(clock);

        h.AssignCsm(Csm2, LeadActor, clock);

        Assert.Equal(Csm2, h.Owner.Email);
        Assert.Equal(Csm2, h.Deal.CsmEmail);
    }

    [Fact]
    public void AssignCsm_ByAe_IsNotAllowed()
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);

        Assert.Throws<NotAllowedException>(() => h.AssignCsm(Csm2, AeActor, clock));
    }

    [Fact]
    public void Reassign_InAeStage_ChangesAccountableAe()
    {
        var h = new HandoffBuilder().Build(clock);

        h.Reassign("new.ae@example.com", RevOpsActor, "Avery left", clock);

        Assert.Equal("new.ae@example.com", h.Owner.Email);
        Assert.Equal("new.ae@example.com", h.Routing.AeOwnerEmail);
        Assert.Equal(Ae, h.Deal.AeEmail);
        Assert.True(h.IsAeSide(Actor.Of("new.ae@example.com")));
    }

    [Fact]
    public void AskAndAnswer_ThreadTheQuestion()
    {
        var h = new HandoffBuilder().InStage(Stage.CsReview).Build(clock);

        var q = h.AskAe("Which SSO provider?", CsmActor, "Q1", clock);
        Assert.Throws<NotAllowedException>(() => h.AnswerQuestion("Q1", "Okta", StrangerActor, clock));
        var a = h.AnswerQuestion("Q1", "Okta", AeActor, clock);

        Assert.True(q.IsOpen);
        Assert.Equal("Okta", a.Answer);
        Assert.False(h.Questions.Single().IsOpen);
        Assert.Throws<HandoffRuleException>(() => h.AnswerQuestion("Q1", "Again", AeActor, clock));
    }

    [Fact]
    public void UpdateContext_AfterAccept_IsRefused()
    {
        var h = new HandoffBuilder().InStage(Stage.InternalHandoff).Build(clock);

        Assert.Throws<HandoffRuleException>(() => h.UpdateContext(DealContext.Empty, AeActor, clock));
    }

    [Fact]
    public void UpdateContext_SameValues_RecordsNothing()
    {
        var h = new HandoffBuilder().Build(clock);
        var count = h.Audit.Count;

        h.UpdateContext(h.Context with { }, AeActor, clock);

        Assert.Equal(count, h.Audit.Count);
    }

    [Fact]
    public void CrmUpdate_FillsOnlyEmptyContextAndAddsNewNotes()
    {
        var h = new HandoffBuilder().WithContext(DealContext.Empty with { Goals = ["AE goal"] }).Build(clock);
        var incoming = DealContext.Empty with { Goals = ["CRM goal"], SuccessCriteria = ["CRM criterion"] };

        var changed = h.ApplyCrmUpdate(h.Deal with { Arr = 150_000m }, incoming, [new Note("n1", null, null, "call notes")], [], clock);

        Assert.Equal(["AE goal"], h.Context.Goals);
        Assert.Equal(["CRM criterion"], h.Context.SuccessCriteria);
        Assert.Equal(150_000m, h.Deal.Arr);
        Assert.Contains("arr", changed);
        Assert.Contains("notes", changed);
        Assert.Empty(h.ApplyCrmUpdate(h.Deal, incoming, [new Note("n1", null, null, "call notes")], [], clock));
    }

    [Fact]
    public void CrmUpdate_NewAe_TakesOverOwnership()
    {
        var h = new HandoffBuilder().Build(clock);

        h.ApplyCrmUpdate(h.Deal with { AeEmail = "other.ae@example.com" }, DealContext.Empty, [], [], clock);

        Assert.Equal("other.ae@example.com", h.Owner.Email);
    }

    [Fact]
    public void JsonRoundTrip_KeepsEverything()
    {
        var h = new HandoffBuilder().InStage(Stage.Onboarding).Build(clock);
        h.AnswerPoll(new PollAnswer(30, DealMatch.No, 2, null, Severity.High, "x", "", default), CsmActor, clock);
        h.RememberMessage("brief", new MessageRef(ChatPlatform.Slack, "C123", "1700000000.000100"));
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

        var json = JsonSerializer.Serialize(h, options);
        var back = JsonSerializer.Deserialize<Handoff>(json, options)!;

        Assert.Equal(json, JsonSerializer.Serialize(back, options));
        Assert.Equal(h.Audit.Count, back.Audit.Count);
        Assert.Equal(h.Messages["brief"], back.Messages["brief"]);
        Assert.Equal(h.Context.WhatWasSold[0].Modules, back.Context.WhatWasSold[0].Modules);
    }

    private static string Snapshot(Handoff h) =>
        JsonSerializer.Serialize(h, new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } });
}
