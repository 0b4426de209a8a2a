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
        await world.RunJobsAsync();
        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.InternalHandoff, handoff.Stage);
        Assert.Equal(Deals.Csm, handoff.Audit.Last(a => a.Event == "cs.accepted").Actor);
        var update = Assert.Single(world.Slack.CallsTo("chat.update"), c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel && c.Args["ts"]!.GetValue<string>() == ts);
        var shown = string.Join("\n", SlackWorld.Texts(update.Args["blocks"]));
        // Who by name, when in every reader's own zone (Slack's date token), with a fallback that names the zone.
        Assert.Contains("*Accepted* by Casey Lin on <!date^1793628000^{date_short_pretty}, {time} your time|Mon 2 Nov, 09:00 New York time>", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Deals.Csm, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackWorld.Texts(update.Args["blocks"]), t => t == "Accept"); // the buttons are gone
        Assert.DoesNotContain("You accepted", shown, StringComparison.Ordinal); // the channel sees no personal banner
        var confirmation = Assert.Single(world.Slack.CallsTo("chat.postEphemeral"));
        Assert.Equal(SlackWorld.CsmUser, confirmation.Args["user"]!.GetValue<string>());
        Assert.Contains("yours now", confirmation.Args["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_BySomeoneWhoMayNot_GetsAnEphemeralExplanation_AndNothingChanges()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var before = (await HandoffAsync(id))!.Audit.Count;
        world.Slack.ClearCalls();

        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.ManagerUser, ActionVerbs.BriefAccept, id + "|", SlackWorld.BriefChannel, ts));
        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.StrangerUser, ActionVerbs.BriefAccept, id + "|", SlackWorld.BriefChannel, ts));
        await world.RunJobsAsync();

        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.CsReview, handoff.Stage);
        Assert.Equal(before, handoff.Audit.Count);
        var ephemerals = world.Slack.CallsTo("chat.postEphemeral");
        Assert.Equal(2, ephemerals.Count);
        Assert.Equal([SlackWorld.ManagerUser, SlackWorld.StrangerUser], ephemerals.Select(c => c.Args["user"]!.GetValue<string>()).Order());
        Assert.All(ephemerals, e => Assert.Equal(SlackWorld.BriefChannel, e.Args["channel"]!.GetValue<string>()));
        Assert.Contains(BlockActionHandler.NotInDirectory, ephemerals.Single(e => e.Args["user"]!.GetValue<string>() == SlackWorld.StrangerUser).Args["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(ephemerals.Single(e => e.Args["user"]!.GetValue<string>() == SlackWorld.ManagerUser).Args["text"]!.GetValue<string>()));
        Assert.Empty(world.Slack.CallsTo("chat.update"));
    }

    [Fact]
    public async Task Reject_OpensTheModal_InvalidSubmissionShowsErrors_ValidOneSendsItBackToTheAe()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var brief = world.Slack.CallsTo("chat.postMessage").Last(c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        world.Slack.ClearCalls();

        await world.ClickAsync(SlackWorld.CsmUser, SlackWorld.Button(brief.Args["blocks"], "open.reject"), SlackWorld.BriefChannel, ts, "12345.98765.abcd");

        var open = Assert.Single(world.Slack.CallsTo("views.open"));
        Assert.Equal("12345.98765.abcd", open.Args["trigger_id"]!.GetValue<string>());
        var view = world.LastOpenedView();
        Assert.Equal(ActionVerbs.BriefReject, view["callback_id"]!.GetValue<string>());
        var reason = view["blocks"]!.AsArray().Single(b => b!["block_id"]?.GetValue<string>() == ActionInputs.Reason)!;
        Assert.Equal("static_select", reason["element"]!["type"]!.GetValue<string>());
        Assert.Contains(reason["element"]!["options"]!.AsArray(), o => o!["value"]!.GetValue<string>() == "missing_context");

        var invalid = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.CsmUser, view, new Dictionary<string, string?> { [ActionInputs.Comment] = "  " }));
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(errors["errors"]![ActionInputs.Reason]?.GetValue<string>()));
        Assert.Equal(Stage.CsReview, (await HandoffAsync(id))!.Stage);

        var valid = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.CsmUser, view, new Dictionary<string, string?>
        {
            [ActionInputs.Reason] = "missing_context",
            [ActionInputs.Comment] = "No stakeholders for IT.",
        }));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.True(string.IsNullOrEmpty(await valid.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.ContextCapture, handoff.Stage);
        Assert.Equal(Deals.Ae, handoff.Owner.Email);

        await world.RunJobsAsync();
        Assert.Contains(world.Slack.CallsTo("chat.update"), c => c.Args["ts"]!.GetValue<string>() == ts && c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        var toAe = world.Slack.Calls.Where(c => c.Method is "chat.postMessage" or "chat.update" && c.Args["channel"]!.GetValue<string>() == "D0AVERY").ToList();
        Assert.Contains(toAe, c => SlackWorld.Texts(c.Args["blocks"]).Any(t => t.Contains("No stakeholders for IT.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AskAe_FromTheBrief_ReachesTheAe_WhoseAnswerIsThreadedUnderTheBrief()
    {
        var (id, ts) = await world.HandoffInReviewAsync();
        var brief = world.Slack.CallsTo("chat.postMessage").Last(c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        world.Slack.ClearCalls();

        await world.ClickAsync(SlackWorld.CsmUser, SlackWorld.Button(brief.Args["blocks"], "open.ask"), SlackWorld.BriefChannel, ts);
        var ask = world.LastOpenedView();
        Assert.Equal(ActionVerbs.BriefAsk, ask["callback_id"]!.GetValue<string>());
        var asked = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.CsmUser, ask, new Dictionary<string, string?> { [ActionInputs.Question] = "Who owns SSO on their side?" }));
        Assert.True(string.IsNullOrEmpty(await asked.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        await world.RunJobsAsync();

        var toAe = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("D0AVERY", toAe.Args["channel"]!.GetValue<string>()); // the AE's DM (conversations.open with U0AVERY)
        Assert.Contains(SlackWorld.Texts(toAe.Args["blocks"]), t => t.Contains("Who owns SSO on their side?", StringComparison.Ordinal));
        var question = Assert.Single((await HandoffAsync(id))!.Questions);

        world.Slack.ClearCalls();
        await world.ClickAsync(SlackWorld.AeUser, SlackWorld.Button(toAe.Args["blocks"], "open.answer"), "D0AVERY", "1700000.000009");
        var answer = world.LastOpenedView();
        Assert.Equal(ActionVerbs.QuestionAnswer, answer["callback_id"]!.GetValue<string>());
        var answered = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.AeUser, answer, new Dictionary<string, string?> { [ActionInputs.Answer] = "Their IT lead, Sam." }));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.True(string.IsNullOrEmpty(await answered.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        await world.RunJobsAsync();

        Assert.Equal("Their IT lead, Sam.", (await HandoffAsync(id))!.Questions.Single(q => q.Id == question.Id).Answer);
        var reply = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal(SlackWorld.BriefChannel, reply.Args["channel"]!.GetValue<string>());
        Assert.Equal(ts, reply.Args["thread_ts"]!.GetValue<string>());
        Assert.Contains(SlackWorld.Texts(reply.Args["blocks"]), t => t.Contains("Their IT lead, Sam.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContextRequest_FillInModal_PartialSave_FieldErrors_ThenComplete_PostsTheBrief()
    {
        var response = await world.App.PostDealAsync(Deals.Minimal().ToJsonString());
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await world.RunJobsAsync();
        var dm = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("D0AVERY", dm.Args["channel"]!.GetValue<string>());
        var dmTs = (await HandoffAsync(id))!.Messages[MessageKeys.ContextRequest].MessageId;
        Assert.Contains(SlackWorld.Texts(dm.Args["blocks"]), t => t.Contains("0%", StringComparison.Ordinal));

        // Fill in → the modal, with the missing fields as inputs.
        await world.ClickAsync(SlackWorld.AeUser, SlackWorld.Button(dm.Args["blocks"], "open.context"), "D0AVERY", dmTs);
        var form = world.LastOpenedView();
        Assert.Equal(ActionVerbs.ContextSave, form["callback_id"]!.GetValue<string>());
        var inputs = form["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "input").Select(b => b!["block_id"]!.GetValue<string>()).ToList();
        Assert.Contains("goals", inputs);
        Assert.Contains("targetGoLive", inputs);
        Assert.Contains("none.risks", inputs);

        // Partial save: the modal closes, the DM shows the progress.
        world.Slack.ClearCalls();
        var partial = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.AeUser, form, new Dictionary<string, string?>
        {
            ["goals"] = "Cut late deliveries",
            ["successCriteria"] = "Late deliveries below 3% by March",
        }));
        Assert.True(string.IsNullOrEmpty(await partial.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        await world.RunJobsAsync();
        Assert.Equal(["Cut late deliveries"], (await HandoffAsync(id))!.Context.Goals);
        var progress = Assert.Single(world.Slack.CallsTo("chat.update"));
        Assert.Equal(("D0AVERY", dmTs), (progress.Args["channel"]!.GetValue<string>(), progress.Args["ts"]!.GetValue<string>()));
        var progressText = string.Join("\n", SlackWorld.Texts(progress.Args["blocks"]));
        Assert.Contains("Saved.", progressText, StringComparison.Ordinal);
        Assert.DoesNotContain("Customer goals", progressText.Split("*Missing*")[1].Split('*')[0], StringComparison.Ordinal);

        // Per-field errors: answered in the response, the modal stays open, nothing is saved.
        var complete = new Dictionary<string, string?>
        {
            ["whatWasSold"] = "Route Planner, 250 seats (Analytics)",
            ["goals"] = "Cut late deliveries",
            ["successCriteria"] = "Late deliveries below 3% by March",
            ["stakeholders.0.name"] = "Dana Ruiz",
            ["stakeholders.0.title"] = "VP Operations",
            ["stakeholders.0.role"] = "champion",
            ["stakeholders.0.email"] = "dana@acme.example",
            ["none.commitments"] = "true",
            ["none.risks"] = "true",
            ["none.specialTerms"] = "true",
            ["targetGoLive"] = "2027-01-15",
            ["customerTimeZone"] = "America/Chicago",
        };
        await world.ClickAsync(SlackWorld.AeUser, SlackWorld.Button(progress.Args["blocks"], "open.context"), "D0AVERY", dmTs);
        var form2 = world.LastOpenedView();
        Assert.Contains(form2["blocks"]!.AsArray(), b => b!["block_id"]?.GetValue<string>() == "goals" && b["element"]!["initial_value"]?.GetValue<string>() == "Cut late deliveries");
        var wrong = new Dictionary<string, string?>(complete) { ["targetGoLive"] = "2027-13-45", ["stakeholders.0.role"] = "boss" };
        var invalid = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.AeUser, form2, wrong));
        var errors = JsonNode.Parse(await invalid.Content.ReadAsStringAsync())!;
        Assert.Equal("errors", errors["response_action"]!.GetValue<string>());
        Assert.NotNull(errors["errors"]!["targetGoLive"]);
        Assert.NotNull(errors["errors"]!["stakeholders.0.role"]);
        Assert.Null(errors["errors"]!["goals"]);
        Assert.Empty((await HandoffAsync(id))!.Context.Stakeholders);

        // Complete: saved; "Send to CS" in the DM posts the brief to the CS channel.
        var saved = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.AeUser, form2, complete));
        Assert.True(string.IsNullOrEmpty(await saved.Content.ReadAsStringAsync()), "an empty 200 closes the modal");
        await world.RunJobsAsync();
        var latest = world.Slack.CallsTo("chat.update").Last();
        Assert.Contains(SlackWorld.Texts(latest.Args["blocks"]), t => t.Contains("Everything CS needs is there", StringComparison.Ordinal));

        world.Slack.ClearCalls();
        await world.ClickAsync(SlackWorld.AeUser, SlackWorld.Button(latest.Args["blocks"], ActionVerbs.ContextSubmit), "D0AVERY", dmTs);
        await world.RunJobsAsync();
        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(Stage.CsReview, handoff.Stage);
        Assert.Contains(world.Slack.CallsTo("chat.postMessage"), c => c.Args["channel"]!.GetValue<string>() == SlackWorld.BriefChannel);
        Assert.Equal(SlackWorld.BriefChannel, handoff.Messages[MessageKeys.Brief].Conversation);
    }

    [Theory]
    [InlineData("help", "HandoffBot — what you can ask", "who owns <account>")]
    [InlineData("mine", "Your handoffs", "Acme Logistics")]
    [InlineData("status Acme Logistics", "Status · Acme Logistics", "*Stage*\nCS review")]
    [InlineData("who-owns Acme Logistics", "Who owns Acme Logistics", "*you* own CS review.")] // asked by the owner herself
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
        await world.RunJobsAsync();

        var publish = Assert.Single(world.Slack.CallsTo("views.publish"));
        Assert.Equal(SlackWorld.CsmUser, publish.Args["user_id"]!.GetValue<string>());
        Assert.Equal("home", publish.Args["view"]!["type"]!.GetValue<string>());
        var home = string.Join("\n", SlackWorld.Texts(publish.Args["view"]!["blocks"]));
        Assert.Contains("Acme Logistics", home, StringComparison.Ordinal);
        Assert.Contains("due Mon 2 Nov, 11:00 Chicago time", home, StringComparison.Ordinal); // the clock, in Casey's zone, named
        // Her own view: the brief she owns can be accepted from the Home tab.
        Assert.Contains(HandoffBot.Cards.CardLimits.Descendants(publish.Args["view"]!["blocks"]!).OfType<JsonObject>(), o => (string?)o["action_id"] == ActionVerbs.BriefAccept);
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
        Assert.Equal(1, await world.RunJobsAsync());

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
        await world.RunJobsAsync(); // the AE's DM: the post fails (500); once submitted it is no longer owed
        await world.App.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);

        for (var i = 0; i < 6; i++)
        {
            await world.RunJobsAsync();
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

    [Fact]
    public async Task FillInModal_AStoredCommitmentLongerThanTheFormsOwnLimit_IsShownWhole_AndSavedBackWhole()
    {
        // The webhook takes commitments of up to 4,000 characters; the form's own limit for one is 500.
        var what = "SSO live before go-live, " + string.Concat(Enumerable.Repeat("with the audit log export wired into their SIEM, ", 36)).TrimEnd(' ', ',');
        Assert.InRange(what.Length, 1500, 3000);
        var (id, form, input) = await OpenFormWithStoredCommitmentAsync("CRM-LONG-1", what);
        Assert.Equal(what, input["element"]!["initial_value"]!.GetValue<string>());
        Assert.True(input["element"]!["max_length"]!.GetValue<int>() >= what.Length);

        // The AE adds a goal and saves the form as shown: the commitment is kept whole.
        await SaveFormAsShownWithAGoalAsync(id, form, input, what);
    }

    [Fact]
    public async Task FillInModal_AStoredCommitmentLongerThanSlackShows_IsShownCut_AndSavedAsShownItStaysWhole()
    {
        // Slack's inputs hold at most 3,000 characters; the webhook takes commitments of up to 4,000.
        var what = "Data migration, " + string.Concat(Enumerable.Repeat("every depot's routes, drivers and vehicles moved with their history, ", 55)).TrimEnd(' ', ',');
        Assert.InRange(what.Length, 3100, 4000);
        var (id, form, input) = await OpenFormWithStoredCommitmentAsync("CRM-LONG-2", what);
        var shown = input["element"]!["initial_value"]!.GetValue<string>();
        Assert.True(shown.Length <= 3000 && shown.EndsWith('\u2026'), $"{shown.Length} characters");

        // Saved as shown (with a goal added): the commitment stays whole.
        await SaveFormAsShownWithAGoalAsync(id, form, input, what);
    }

    /// <summary>A deal arrives with one commitment <paramref name="what"/>; the AE opens the context form from the DM.</summary>
    private async Task<(string Id, JsonObject Form, JsonNode Input)> OpenFormWithStoredCommitmentAsync(string crmId, string what)
    {
        var deal = Deals.Minimal(crmId);
        deal["context"] = new JsonObject { ["commitments"] = new JsonArray(new JsonObject { ["what"] = what, ["due"] = "2026-12-15", ["promisedBy"] = Deals.Ae }) };
        var response = await world.App.PostDealAsync(deal.ToJsonString());
        response.EnsureSuccessStatusCode();
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        await world.RunJobsAsync();
        var dm = world.Slack.CallsTo("chat.postMessage").Last();
        var dmTs = (await HandoffAsync(id))!.Messages[MessageKeys.ContextRequest].MessageId;

        await world.ClickAsync(SlackWorld.AeUser, SlackWorld.Button(dm.Args["blocks"], "open.context"), "D0AVERY", dmTs);
        var form = world.LastOpenedView();
        var head = what[..10];
        var input = Assert.Single(form["blocks"]!.AsArray(), b => b!["element"]?["initial_value"]?.GetValue<string>() is { } v && v.StartsWith(head, StringComparison.Ordinal))!;
        return (id, form, input);
    }

    /// <summary>The AE submits the commitment's input exactly as the form showed it, plus a goal: the goal is saved, the commitment is <paramref name="whole"/>.</summary>
    private async Task SaveFormAsShownWithAGoalAsync(string id, JsonObject form, JsonNode input, string whole)
    {
        var saved = await world.PostInteractionAsync(SlackWorld.SubmissionOf(SlackWorld.AeUser, form, new Dictionary<string, string?>
        {
            [input["block_id"]!.GetValue<string>()] = input["element"]!["initial_value"]!.GetValue<string>(),
            ["goals"] = "Cut late deliveries",
        }));
        Assert.True(string.IsNullOrEmpty(await saved.Content.ReadAsStringAsync()), await saved.Content.ReadAsStringAsync());
        await world.RunJobsAsync();
        var handoff = (await HandoffAsync(id))!;
        Assert.Equal(["Cut late deliveries"], handoff.Context.Goals);
        Assert.Equal(whole, Assert.Single(handoff.Context.Commitments).What);
    }
}
