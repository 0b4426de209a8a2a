using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

/// <summary>The application services behind `who owns`, `reassign`, `digest` and the escalation buttons, as the chat adapters will call them.</summary>
public sealed class OwnershipCommandTests : IDisposable
{
    private readonly TimingWorld world = new();

    public void Dispose() => world.Dispose();

    private OwnershipCommands Commands => world.App.Get<OwnershipCommands>();

    [Fact]
    public async Task WhoOwns_ByNameIdOrCrmId_AnswersFromTheAggregate()
    {
        var id = await world.PostDealAsync(Deals.Minimal());

        var byName = await Commands.WhoOwnsAsync("acme logistics");
        var byPart = await Commands.WhoOwnsAsync("Acme");
        var byId = await Commands.WhoOwnsAsync(id.ToLowerInvariant());
        var byCrm = await Commands.WhoOwnsAsync("CRM-1001");

        Assert.All(new[] { byName, byPart, byId, byCrm }, r => Assert.Equal(LookupStatus.Found, r.Status));
        var owner = Assert.Single(byName.Matches);
        Assert.Equal(Deals.Ae, owner.OwnerEmail);
        Assert.Equal("Avery Brooks", owner.OwnerName);
        Assert.Equal(Stage.ContextCapture, owner.Stage);
        Assert.Contains("Avery Brooks", byName.Message, StringComparison.Ordinal);
        Assert.Contains("America/New_York", byName.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Globex")]
    public async Task WhoOwns_NothingMatches_FriendlyNotFound(string text)
    {
        await world.PostDealAsync(Deals.Minimal());

        var result = await Commands.WhoOwnsAsync(text);

        Assert.Equal(LookupStatus.NotFound, result.Status);
        Assert.Empty(result.Matches);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }

    [Fact]
    public async Task WhoOwns_TwoAccountsMatch_AsksWhichOne()
    {
        await world.PostDealAsync(Deals.Minimal("CRM-1"));
        var other = Deals.Minimal("CRM-2");
        other["accountName"] = "Acme Foods";
        await world.PostDealAsync(other);

        var result = await Commands.WhoOwnsAsync("acme");

        Assert.Equal(LookupStatus.Ambiguous, result.Status);
        Assert.Equal(2, result.Matches.Count);
        Assert.Contains("HO-", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reassign_ByCsLead_MovesTheStage_ByAnAe_IsRefused()
    {
        var id = await world.PostDealAsync(Deals.Minimal());

        var refused = await Commands.ReassignAsync(Deals.Ae, "Acme Logistics", Deals.RevOps);
        var unknown = await Commands.ReassignAsync(Deals.CsLead, "Acme Logistics", "nobody@example.com");
        var notEmail = await Commands.ReassignAsync(Deals.CsLead, "Acme Logistics", "bob");
        var done = await Commands.ReassignAsync(Deals.CsLead, "Acme Logistics", "morgan.lead@example.com");
        var again = await Commands.ReassignAsync(Deals.CsLead, "Acme Logistics", "morgan.lead@example.com");

        Assert.Equal(ReassignStatus.NotAllowed, refused.Status);
        Assert.Equal(ReassignStatus.UnknownPerson, unknown.Status);
        Assert.Equal(ReassignStatus.UnknownPerson, notEmail.Status);
        Assert.Equal(ReassignStatus.Reassigned, done.Status);
        Assert.Equal(Deals.Ae, done.Before!.OwnerEmail);
        Assert.Equal("morgan.lead@example.com", done.After!.OwnerEmail);
        Assert.Equal(ReassignStatus.Unchanged, again.Status);
        Assert.Equal("morgan.lead@example.com", (await world.HandoffAsync(id)).Owner.Email);
    }

    [Fact]
    public async Task ChatCommands_ReassignAndDigest_GoThroughTheSharedParser()
    {
        var id = await world.PostDealAsync(Deals.Minimal());
        var chat = world.App.Get<Core.Application.Commands.ChatCommandService>();

        var reassign = Assert.IsType<Core.Application.Commands.ReassignCommandResult>(await chat.ExecuteAsync(Deals.CsLead, "reassign Acme Logistics morgan.lead@example.com"));
        var usage = Assert.IsType<Core.Application.Commands.HelpResult>(await chat.ExecuteAsync(Deals.CsLead, "reassign Acme"));
        var digest = Assert.IsType<Core.Application.Commands.DigestCommandResult>(await chat.ExecuteAsync("vp-sales@example.com", "digest"));

        Assert.Equal(ReassignStatus.Reassigned, reassign.Result.Status);
        Assert.Equal("morgan.lead@example.com", (await world.HandoffAsync(id)).Owner.Email);
        Assert.Contains("reassign <account> <email>", usage.Problem, StringComparison.Ordinal);
        Assert.Equal(DigestStatus.Ready, digest.Result.Status);
    }

    [Fact]
    public async Task Digest_OnDemand_ForLeadersOnly()
    {
        await world.PostDealAsync(Deals.Minimal());
        world.Time.Advance(TimeSpan.FromDays(1));

        var leader = await Commands.BuildDigestAsync("vp-sales@example.com");
        var csm = await Commands.BuildDigestAsync(Deals.Csm);

        Assert.Equal(DigestStatus.Ready, leader.Status);
        Assert.Equal(new DateOnly(2026, 10, 28), leader.Report!.From); // the last seven days in Los Angeles, today included
        Assert.Equal(new DateOnly(2026, 11, 3), leader.Report.To);
        Assert.Equal(1, leader.Report.HandoffCount);
        Assert.Equal(DigestStatus.NotAllowed, csm.Status);
    }

    [Fact]
    public async Task Digest_OnDemand_CountsTheHandoffsOfToday()
    {
        await world.PostDealAsync(Deals.Minimal());

        var leader = await Commands.BuildDigestAsync("vp-sales@example.com");

        Assert.Equal(1, leader.Report!.HandoffCount);
        Assert.Contains(": 1 handoff, 0 SLA breaches.", leader.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EscalationButtons_NudgeRemindsTheOwnerNow_SnoozeMovesTheClockOneBusinessDay()
    {
        var id = await world.PostDealAsync(Deals.Minimal());
        await world.App.RunJobsAsync();
        var actions = world.App.Get<SlaActions>();

        await actions.NudgeAsync(id, "morgan.lead@example.com");
        await world.App.RunJobsAsync();
        var nudge = (ReminderNotification)Assert.Single(world.Teams.Of<ReminderNotification>()).Notification;
        Assert.Equal("Morgan Diaz", nudge.NudgedBy);
        await Assert.ThrowsAsync<NotAllowedException>(() => actions.NudgeAsync(id, Deals.Csm));

        var before = (await world.HandoffAsync(id)).DueAt;
        var snoozed = await actions.SnoozeAsync(id, Deals.CsLead);
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 22, 0, 0, TimeSpan.Zero), snoozed.DueAt); // the Wednesday 17:00 deadline + one business day
        Assert.NotEqual(before, snoozed.DueAt);
        Assert.Contains(snoozed.Audit, a => a.Event == "sla.snoozed" && a.Actor == Deals.CsLead);
    }
}
