using System.Net;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Slack.Handlers;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Slack;

/// <summary>Each Slack flow end to end: signed requests in, the durable inbox, real calls out to the fake Slack.</summary>
public sealed class SlackFlowTests : IAsyncLifetime
{
    private SlackWorld world = null!;

    public async Task InitializeAsync() => world = await SlackWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    private Task<Handoff?> HandoffAsync(string id) => world.App.Get<HandoffService>().GetAsync(id);

    [Fact]
    public async Task Brief_PostedToTheSlackChannel_AcceptByTheCsm_TransfersOwnershipAndUpdatesTheMessageInPlace()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var post = Assert.Single(world.Slack.CallsTo("chat.postMessage"), c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        Assert.Equal(SlackWorld.Token, post.Token);
        world.Slack.ClearCalls();

        var response = await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.CsmUser, ActionVerbs.BriefAccept + ":1", id + "|", SlackWorld.BriefChannel, ts));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Stage.CsReview, (await HandoffAsync(id))!.Stage); // acknowledged first, work after
        await world.App.RunJobsAsync();
        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.InternalHandoff, handoff.Stage);
        Assert.Equal(Deals.Csm, handoff.Audit.Last(a => a.Event == "cs.accepted").Actor);
        Assert.Contains(world.Slack.CallsTo("chat.update"), c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel && c.Args["ts"]!.GetValue<string>() == ts);
        Assert.Empty(world.Slack.CallsTo("chat.postEphemeral"));
    }

    [Fact]
    public async Task Accept_BySomeoneWhoMayNot_GetsAnEphemeralExplanation_AndNothingChanges()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var before = (await HandoffAsync(id))!.Audit.Count;
        world.Slack.ClearCalls();

        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.ManagerUser, ActionVerbs.BriefAccept, id + "|", SlackWorld.BriefChannel, ts));
        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.StrangerUser, ActionVerbs.BriefAccept, id + "|", SlackWorld.BriefChannel, ts));
        await world.App.RunJobsAsync();

        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.CsReview, handoff.Stage);
        Assert.Equal(before, handoff.Audit.Count);
        var ephemerals = world.Slack.CallsTo("chat.postEphemeral");
        Assert.Equal(2, ephemerals.Count);
        Assert.Equal([SlackWorld.ManagerUser, SlackWorld.StrangerUser], ephemerals.Select(c => c.Args["user"]!.GetValue<string>()).Order());
        Assert.Empty(world.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Reject_OpensTheModal_InvalidSubmissionShowsErrors_ValidOneSendsItBackToTheAe()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var trigger = "12345.98765.abcd";

        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.CsmUser, "open.reject", id + "|", SlackWorld.BriefChannel, ts, trigger));

        var open = Assert.Single(world.Slack.CallsTo("views.open"));
        Assert.Equal(trigger, open.Args["trigger_id"]!.GetValue<string>());
        Assert.StartsWith(id, open.Args["view"]!["private_metadata"]!.GetValue<string>(), StringComparison.Ordinal);

        var invalid = await world.PostInteractionAsync(SlackWorld.ViewSubmission(SlackWorld.CsmUser, ActionVerbs.BriefReject, id + "|",
            (ActionInputs.Reason, null), (ActionInputs.Comment, "")));
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.NotNull(errors["errors"]![ActionInputs.Reason]);
        Assert.Equal(Stage.CsReview, (await HandoffAsync(id))!.Stage);

        var valid = await world.PostInteractionAsync(SlackWorld.ViewSubmission(SlackWorld.CsmUser, ActionVerbs.BriefReject, id + "|",
            (ActionInputs.Reason, "select:" + nameof(RejectionReason.MissingContext)), (ActionInputs.Comment, "No stakeholders for IT.")));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.True(string.IsNullOrEmpty(await valid.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        Assert.Equal(Stage.ContextCapture, (await HandoffAsync(id))!.Stage);

        await world.App.RunJobsAsync();
        Assert.Contains(world.Slack.CallsTo("chat.update"), c => c.Args["ts"]!.GetValue<string>() == ts);
    }

    [Fact]
    public async Task AskAe_ReachesTheAeInSlack_AndTheAnswerIsThreadedUnderTheBrief()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        world.Slack.ClearCalls();

        await world.PostInteractionAsync(SlackWorld.ViewSubmission(SlackWorld.CsmUser, ActionVerbs.BriefAsk, id + "|", (ActionInputs.Question, "Who owns SSO on their side?")));
        await world.App.RunJobsAsync();

        var toAe = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("D0AVERY", toAe.Args["channel"]!.GetValue<string>()); // the AE's DM (conversations.open with U0AVERY)
        var question = Assert.Single((await HandoffAsync(id))!.Questions);

        world.Slack.ClearCalls();
        var answered = await world.PostInteractionAsync(SlackWorld.ViewSubmission(SlackWorld.AeUser, ActionVerbs.QuestionAnswer, id + "|" + question.Id, (ActionInputs.Answer, "Their IT lead, Sam.")));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        await world.App.RunJobsAsync();

        var reply = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal(SlackWorld.BriefChannel, reply.Args["channel"]!.GetValue<string>());
        Assert.Equal(ts, reply.Args["thread_ts"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("help", "HandoffBot — what you can ask", "who owns <account>")]
    [InlineData("mine", "Your handoffs", "Acme Logistics")]
    [InlineData("status Acme Logistics", "Handoff brief · Acme Logistics", "*Stage*\nCS review")]
    [InlineData("who-owns Acme Logistics", "Who owns Acme Logistics", "Casey Lin owns CS review.")]
    [InlineData("dance", "HandoffBot — what you can ask", "I did not recognise that command.")]
    public async Task HandoffCommand_AnswersEphemerallyWithBlockKit(string text, string heading, string shown)
    {
        await world.HandoffInReviewAsync();

        var response = await world.PostCommandAsync(text, SlackWorld.CsmUser);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Equal(heading, answer["text"]!.GetValue<string>());
        var blocks = answer["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Contains(SlackWorld.Texts(blocks), t => t.Contains(SlackWorld.Escaped(shown), StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandoffCommand_FromSomeoneNotInTheDirectory_IsToldWhy()
    {
        var response = await world.PostCommandAsync("mine", SlackWorld.StrangerUser);

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
        Assert.Contains(BlockActionHandler.NotInDirectory, answer.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppHomeOpened_PublishesTheHomeTab_Once_EvenWhenSlackRetries()
    {
        await world.HandoffInReviewAsync();
        world.Slack.ClearCalls();
        var envelope = Event("Ev0HOME1", new JsonObject { ["type"] = "app_home_opened", ["user"] = SlackWorld.CsmUser, ["channel"] = "D0CASEY", ["tab"] = "home" });

        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(envelope)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(envelope, retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(envelope, retryNum: 2)).StatusCode);
        await world.App.RunJobsAsync();

        var publish = Assert.Single(world.Slack.CallsTo("views.publish"));
        Assert.Equal(SlackWorld.CsmUser, publish.Args["user_id"]!.GetValue<string>());
        Assert.Equal("home", publish.Args["view"]!["type"]!.GetValue<string>());
        var casey = await world.App.Get<IPeopleDirectory>().FindAsync(Deals.Csm);
        Assert.Equal(SlackWorld.CsmUser, casey!.Slack!.UserId);
    }

    [Fact]
    public async Task BotMessages_AreIgnored()
    {
        var fromBot = Event("Ev0BOT1", new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0CASEY", ["user"] = SlackWorld.CsmUser, ["bot_id"] = "B0BOT", ["text"] = "help" });
        var botSubtype = Event("Ev0BOT2", new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0CASEY", ["subtype"] = "bot_message", ["text"] = "help" });
        var person = Event("Ev0HUMAN", new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "D0CASEY", ["user"] = SlackWorld.CsmUser, ["text"] = "help" });

        await world.PostEventAsync(fromBot);
        await world.PostEventAsync(botSubtype);
        await world.PostEventAsync(person);
        Assert.Equal(1, await world.App.RunJobsAsync());

        var answer = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("D0CASEY", answer.Args["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task SlackDown_WhenTheBriefIsDue_ItIsPostedOnceWhenSlackIsBack()
    {
        world.Slack.Fail("chat.postMessage", new FakeSlack.FakeFailure(500));
        world.Slack.Fail("chat.postMessage", new FakeSlack.FakeFailure(429, RetryAfterSeconds: 120));
        world.Slack.Fail("chat.postMessage", new FakeSlack.FakeFailure(200, "channel_not_found"));
        var response = await world.App.PostDealAsync(Deals.Complete().ToJsonString());
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await world.App.RunJobsAsync(); // the AE's DM: the post fails (500); once submitted it is no longer owed
        await world.App.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);

        for (var i = 0; i < 6; i++)
        {
            await world.App.RunJobsAsync();
            world.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var posts = world.Slack.CallsTo("chat.postMessage");
        Assert.Equal(4, posts.Count); // 500, 429 (Retry-After longer than we wait in-process), ok:false, then the brief
        Assert.Single(posts.Skip(3), c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        Assert.True((await HandoffAsync(id))!.Messages.ContainsKey(MessageKeys.Brief));
    }

    private static JsonObject Event(string eventId, JsonObject evt) => new()
    {
        ["token"] = "ignored",
        ["team_id"] = "T0FAKE",
        ["api_app_id"] = "A0HANDOFF",
        ["event"] = evt,
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = 1762092000,
    };
}
