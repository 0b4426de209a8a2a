using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Tests.Support;
using static HandoffBot.Core.Tests.Support.People;

namespace HandoffBot.Core.Tests;

/// <summary>
/// Long random sequences of commands, by random people, in any order: whatever is accepted or
/// refused, the handoff always has exactly one owner who fits its stage, a refused command changes
/// nothing, and the audit trail only ever grows.
/// </summary>
public sealed class HandoffInvariantPropertyTests
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly Actor[] Actors = [AeActor, CsmActor, Csm2Actor, LeadActor, RevOpsActor, StrangerActor, Actor.System];

    private static readonly Action<Handoff, Actor, TestClock, int>[] Commands =
    [
        (h, a, c, _) => h.SubmitContext(a, HandoffBuilder.Rules, c),
        (h, a, c, _) => h.Accept(a, c),
        (h, a, c, n) => h.Reject((RejectionReason)(n % 7), n % 3 == 0 ? "" : "fix it", a, c),
        (h, a, c, n) => h.UpdateContext(n % 2 == 0 ? HandoffBuilder.CompleteContext : HandoffBuilder.CompleteContext with { Risks = [] }, a, c),
        (h, a, c, n) => h.AssignCsm(n % 2 == 0 ? Csm : Csm2, a, c),
        (h, a, c, n) => h.Reassign(n % 2 == 0 ? "new.owner@example.com" : Csm2, a, "test", c),
        (h, a, c, n) => h.AskAe("Which SSO?", a, "Q" + n, c),
        (h, a, c, n) => h.AnswerQuestion("Q" + n, "Okta", a, c),
        (h, a, c, n) => h.ConfirmInternalSync((SyncMode)(n % 2), a, c),
        (h, a, c, _) => h.MarkIntroSent(a, c),
        (h, a, c, n) => h.BookKickoff(new DateOnly(2026, 11, 1).AddDays(n % 60 - 10), a, c),
        (h, a, c, n) => h.RecordKickoffHeld(new DateOnly(2026, 11, 1).AddDays(n % 60 - 10), a, c),
        (h, a, c, n) => h.AnswerPoll(new PollAnswer(30 * (1 + (n % 3)), (DealMatch)(n % 4), n % 7, null, (Severity)(n % 4), null, "", default), a, c),
        (h, a, c, n) => h.RecordOutcome((OutcomeKind)(n % 5), new DateOnly(2026, 10, 1).AddDays(n % 200), null, a, c),
        (h, a, c, n) => h.Snooze(c.Now.AddHours((n % 48) - 5), a, c),
        (h, a, c, n) => h.FallBackTo(RevOps, OwnerRole.RevOps, "owner left", c),
        (h, a, c, n) => h.ApplyCrmUpdate(h.Deal with { AeEmail = n % 2 == 0 ? Ae : "other.ae@example.com", Arr = n }, HandoffBuilder.CompleteContext, [], [], c),
        (h, a, c, n) => h.DecideDraftItem("d" + (n % 3), (DraftDecision)(n % 2), a, c),
        (h, a, c, _) => h.AttachDraft(new BriefDraft { Goals = [new Drafted<string>("d1", "Grow", new Evidence("grow", "n1"))] }, c),
    ];

    [Fact]
    public void RandomCommandSequences_KeepExactlyOneFittingOwner_AndRefusalsChangeNothing()
    {
        var step = Gen.Select(Gen.Int[0, Commands.Length - 1], Gen.Int[0, Actors.Length - 1], Gen.Int[0, 1000]);
        Gen.Select(Gen.Bool, step.Array[50, 300]).Sample(sample =>
        {
            var (withCsm, steps) = sample;
            var clock = new TestClock(HandoffBuilder.T0);
            var builder = new HandoffBuilder();
            var h = (withCsm ? builder : builder.WithoutCsm()).Build(clock);
            foreach (var (command, actor, n) in steps)
            {
                clock.Advance(TimeSpan.FromMinutes(17));
                var before = JsonSerializer.Serialize(h, Json);
                var auditBefore = h.Audit.ToList();
                try
                {
                    Commands[command](h, Actors[actor], clock, n);
                }
                catch (DomainException)
                {
                    Assert.Equal(before, JsonSerializer.Serialize(h, Json));
                }

                AssertOwnerFitsStage(h);
                Assert.Equal(auditBefore, h.Audit.Take(auditBefore.Count));
            }
        }, iter: 300);
    }

    private static void AssertOwnerFitsStage(Handoff h)
    {
        Assert.NotNull(h.Owner);
        Assert.False(string.IsNullOrWhiteSpace(h.Owner.Email));
        var expected = h.Stage switch
        {
            Stage.ContextCapture or Stage.InternalHandoff or Stage.WarmIntro =>
                new[] { OwnerRole.AccountExecutive, OwnerRole.RevOps, OwnerRole.Manager },
            Stage.CsReview => [OwnerRole.Csm, OwnerRole.CsLead, OwnerRole.RevOps, OwnerRole.Manager],
            Stage.Kickoff or Stage.Onboarding or Stage.Outcome => [OwnerRole.Csm, OwnerRole.CsLead, OwnerRole.RevOps, OwnerRole.Manager],
            _ => [OwnerRole.System],
        };
        Assert.True(expected.Contains(h.Owner.Role), $"{h.Stage} owned by {h.Owner.Role} {h.Owner.Email}; last: {h.Audit[^1].Event} {h.Audit[^1].Details}");
        if (h.Stage is Stage.CsReview or Stage.Kickoff or Stage.Onboarding or Stage.Outcome && h.Owner.Role == OwnerRole.Csm)
        {
            Assert.Equal(h.Deal.CsmEmail, h.Owner.Email);
        }

        if (h.IsAccepted)
        {
            Assert.NotNull(h.Deal.CsmEmail);
        }
    }
}
