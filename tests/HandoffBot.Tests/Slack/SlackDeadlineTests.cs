using System.Net;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.FakeSlack;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Slack;

/// <summary>
/// Slack waits three seconds for our answer. Every Web API call made while it waits has a budget
/// well inside that (2 s by default, on the injected clock): a slow or rate-limited Slack never turns
/// into a late answer or a 500; the work moves to the inbox and the person is told.
/// Time is the fake clock: the answer must come when the budget is used up, not one tick later.
/// </summary>
public sealed class SlackDeadlineTests : IAsyncLifetime
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private SlackWorld world = null!;

    // The shipped retry settings: in-call retries are on, as in production.
    public async Task InitializeAsync() => world = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Slack:MaxAttempts"] = "3" });

    public async Task DisposeAsync() => await world.DisposeAsync();

    private async Task<(string Id, string Ts, JsonObject RejectButton)> BriefAsync()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var brief = world.Slack.CallsTo("chat.postMessage").Last(c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        world.Slack.ClearCalls();
        return (id, ts, SlackWorld.Button(brief.Args["blocks"], "open.reject"));
    }

    [Fact]
    public async Task OpenModal_SlackSlow_AnsweredWhenTheBudgetEnds_AndTheUserIsToldToClickAgain()
    {
        var (_, ts, reject) = await BriefAsync();
        var hold = world.Slack.Hold("views.open");

        var response = await world.AnswerAfterAsync(world.ClickAsync(SlackWorld.CsmUser, reject, SlackWorld.BriefChannel, ts), hold.Arrived, Budget);
        hold.Release(process: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.RunJobsAsync();
        var told = Assert.Single(world.Slack.CallsTo("chat.postEphemeral"));
        Assert.Equal(SlackWorld.CsmUser, told.Args["user"]!.GetValue<string>());
        Assert.Contains("again", told.Args["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenModal_RateLimitedFor20s_NotWaitedInTheRequest()
    {
        var (_, ts, reject) = await BriefAsync();
        world.Slack.Fail("views.open", new FakeFailure(429, RetryAfterSeconds: 20));

        var response = await world.AnswerAfterAsync(world.ClickAsync(SlackWorld.CsmUser, reject, SlackWorld.BriefChannel, ts), world.SawAsync("views.open"), Budget);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(world.Slack.CallsTo("views.open"));
    }

    [Fact]
    public async Task HandoffCommand_UnknownUser_SlowUsersInfo_WorkingOnIt_ThenTheAnswerFollowsFromTheInbox()
    {
        world.Slack.AddUser("U0NEWCSM", Deals.Csm, "Casey Lin (new account)");
        var hold = world.Slack.Hold("users.info");

        var response = await world.AnswerAfterAsync(world.PostCommandAsync("mine", "U0NEWCSM"), hold.Arrived, Budget);
        hold.Release(process: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Contains("Working on it", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);

        await world.RunJobsAsync();
        var later = Assert.Single(world.Slack.CallsTo("response_url"));
        Assert.Equal("ephemeral", later.Args["response_type"]!.GetValue<string>());
        Assert.DoesNotContain("Working on it", later.Args["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModalSubmission_SlowUsersInfo_AnsweredInTime_TheModalStaysOpenWithAMessage()
    {
        var (id, _, _) = await BriefAsync();
        world.Slack.AddUser("U0NEWCSM", Deals.Csm, "Casey Lin (new account)");
        var hold = world.Slack.Hold("users.info");
        var submission = SlackWorld.ViewSubmission("U0NEWCSM", ActionVerbs.BriefReject, id, (ActionInputs.Reason, "select:missing_context"), (ActionInputs.Comment, "No goals"));

        var response = await world.AnswerAfterAsync(world.PostInteractionAsync(submission), hold.Arrived, Budget);
        hold.Release(process: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("errors", answer["response_action"]!.GetValue<string>());
        Assert.Equal(Stage.CsReview, (await world.App.Get<Core.Application.HandoffService>().GetAsync(id))!.Stage);
    }
}
