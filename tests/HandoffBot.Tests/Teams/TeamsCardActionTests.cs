using System.Net;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Tests.Support;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// Action.Execute over HTTP through the real SDK, the real card templates and UserActionService:
/// the AE's form from first message to "sent to CS", the brief's Accept, refusals and refresh.
/// </summary>
public sealed class TeamsCardActionTests : IAsyncLifetime
{
    private const string Csm = "29:casey";
    private const string Stranger = "29:stranger";

    private TeamsWorld world = null!;

    public async Task InitializeAsync() => world = await TeamsWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task NewHandoffWithGaps_AeGetsTheFormWithTheMissingFieldsAsInputs()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan");

        await world.PostDealAsync(DealWithGaps());

        var form = world.Connector.MessagesTo(TeamsWorld.PersonalChat("29:avery")).Last().Card!;
        Assert.Equal(["goals", "successCriteria", "targetGoLive"], InputIds(form).Where(id => id is "goals" or "successCriteria" or "targetGoLive").Order());
        Assert.Equal(["context.save", "context.submit"], Verbs(form).Where(v => v.StartsWith("context.", StringComparison.Ordinal)).Order());
        Assert.Null(form["refresh"]);
    }

    [Fact]
    public async Task PartialSubmit_CardComesBackWithPerFieldErrorsAndWhatWasTyped_NothingTypedIsLost()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan");
        var id = await world.PostDealAsync(DealWithGaps());

        var card = await InvokeCardAsync("29:avery", "context.submit", new JObject { ["handoffId"] = id, ["goals"] = "Cut late deliveries\nOne dispatch tool", ["successCriteria"] = "" });

        Assert.Contains("is needed before the handoff goes to CS", ErrorUnder(card, "successCriteria"), StringComparison.Ordinal);
        Assert.Contains("is needed before the handoff goes to CS", ErrorUnder(card, "targetGoLive"), StringComparison.Ordinal);
        Assert.Contains("context.submit", Verbs(card));
        var handoff = await world.HandoffAsync(id);
        Assert.Equal(Stage.ContextCapture, handoff.Stage);
        Assert.Equal(["Cut late deliveries", "One dispatch tool"], handoff.Context.Goals);
    }

    [Fact]
    public async Task BadDate_ErrorKeyedByTheInput_ValueShownAgain()
    {
        await world.InstallAsync("29:avery");
        var id = await world.PostDealAsync(DealWithGaps());

        var card = await InvokeCardAsync("29:avery", "context.save", new JObject { ["handoffId"] = id, ["targetGoLive"] = "next spring" });

        Assert.NotEqual("", ErrorUnder(card, "targetGoLive"));
        Assert.Null((await world.HandoffAsync(id)).Context.TargetGoLive);
    }

    [Fact]
    public async Task CompleteSubmit_StageAdvances_FormBecomesASummary_BriefPostedToTheChannelWithRefreshForCsmAndLead()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan");
        var id = await world.PostDealAsync(DealWithGaps());

        var card = await SubmitCompleteAsync(id);

        Assert.Contains("Sent to CS", Readable(card), StringComparison.Ordinal);
        Assert.Empty(Verbs(card));
        Assert.Empty(InputIds(card));
        Assert.Equal(Stage.CsReview, (await world.HandoffAsync(id)).Stage);
        await world.App.RunJobsAsync();
        var brief = Assert.Single(world.Connector.MessagesTo(TeamsWorld.CsChannel), m => m.Card is not null).Card!;
        Assert.Contains("Acme Logistics", Readable(brief), StringComparison.Ordinal);
        Assert.Empty(Verbs(brief));
        Assert.Equal("card.refresh", (string?)brief["refresh"]?["action"]?["verb"]);
        Assert.Equal([Csm, "29:jordan"], brief["refresh"]!["userIds"]!.Values<string>().Order());
    }

    [Fact]
    public async Task Refresh_CsmSeesTheButtons_AnyoneElseTheCurrentStateOnly()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan", Stranger);
        var id = await world.PostDealAsync(DealWithGaps());
        await SubmitCompleteAsync(id);
        await world.App.RunJobsAsync();

        var forCsm = await InvokeCardAsync(Csm, "card.refresh", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);
        var forStranger = await InvokeCardAsync(Stranger, "card.refresh", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        Assert.Contains("brief.accept", Verbs(forCsm));
        Assert.Empty(Verbs(forStranger));
        Assert.Contains("Waiting for CS to accept", Readable(forStranger), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_InternalHandoffCard_ButtonsForTheAeAndTheCsmOnly_InEachReadersWords()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan", Stranger);
        var id = await world.PostDealAsync(DealWithGaps());
        await SubmitCompleteAsync(id);
        await InvokeCardAsync(Csm, "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        var data = new JObject { ["handoffId"] = id, ["card"] = "internal-handoff" };
        var forAe = await InvokeCardAsync("29:avery", "card.refresh", data, TeamsWorld.CsChannel);
        var forStranger = await InvokeCardAsync(Stranger, "card.refresh", data, TeamsWorld.CsChannel);

        Assert.Equal(["sync.confirm"], Verbs(forAe));
        Assert.Contains("For you (AE) and Casey Lin (CSM)", Readable(forAe), StringComparison.Ordinal);
        Assert.Empty(Verbs(forStranger));
        Assert.Contains("For Avery Brooks (AE) and Casey Lin (CSM)", Readable(forStranger), StringComparison.Ordinal);
        Assert.Equal(["29:avery", Csm], forAe["refresh"]!["userIds"]!.Values<string>().Order());
    }

    [Fact]
    public async Task AcceptByAStranger_PoliteRefusal_NothingChanges()
    {
        await world.InstallAsync("29:avery", Csm, Stranger);
        var id = await world.PostDealAsync(DealWithGaps());
        await SubmitCompleteAsync(id);
        await world.App.RunJobsAsync();
        var before = await world.HandoffAsync(id);

        var body = await InvokeAsync(Stranger, "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["value"]));
        var after = await world.HandoffAsync(id);
        Assert.Equal((Stage.CsReview, before.Owner, before.Audit.Count), (after.Stage, after.Owner, after.Audit.Count));
        Assert.Null(after.AcceptedBy);
    }

    [Fact]
    public async Task AcceptByTheCsm_OwnershipTransferredAndAudited_CardSaysByWhomAndWhen_ChannelCardUpdated()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan");
        var id = await world.PostDealAsync(DealWithGaps());
        await SubmitCompleteAsync(id);
        await world.App.RunJobsAsync();
        var posted = (await world.HandoffAsync(id)).Messages[MessageKeys.Brief];

        var card = await InvokeCardAsync(Csm, "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);
        await world.App.RunJobsAsync();

        Assert.Contains("Accepted by you on Mon 2 Nov, 08:00 Chicago time", Readable(card), StringComparison.Ordinal); // her own view, her zone
        Assert.Empty(Verbs(card));
        var handoff = await world.HandoffAsync(id);
        Assert.Equal((Stage.InternalHandoff, Deals.Csm, Deals.Csm), (handoff.Stage, handoff.AcceptedBy, handoff.Deal.CsmEmail));
        Assert.Contains(handoff.Audit, a => a.Event == "cs.accepted" && a.Actor == Deals.Csm);
        var update = world.Connector.Of("update").Last(u => u.MessageId == posted.MessageId);
        Assert.Contains("Accepted by Casey Lin on Mon 2 Nov, 09:00 New York time", update.Readable, StringComparison.Ordinal); // the channel's view
        Assert.DoesNotContain(Deals.Csm, update.Readable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptTwice_SecondAnsweredWithTheCurrentState_NoSecondAuditEntry()
    {
        await world.InstallAsync("29:avery", Csm, "29:jordan");
        var id = await world.PostDealAsync(DealWithGaps());
        await SubmitCompleteAsync(id);
        await InvokeCardAsync(Csm, "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        var again = await InvokeCardAsync("29:jordan", "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        Assert.Contains("Accepted by Casey Lin", Readable(again), StringComparison.Ordinal);
        Assert.Single((await world.HandoffAsync(id)).Audit, a => a.Event == "cs.accepted");
    }

    [Theory]
    [InlineData("brief.accept", "no-such-handoff")]
    [InlineData("context.submit", "")]
    [InlineData("feedback.submit", "x")]
    [InlineData("", "x")]
    public async Task UnknownVerbOrHandoff_200WithAMessage(string verb, string handoffId)
    {
        await world.InstallAsync("29:avery");

        var body = await InvokeAsync("29:avery", verb, new JObject { ["handoffId"] = handoffId });

        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["value"]));
    }

    [Fact]
    public async Task PersonNotInDirectory_ToldHowToGetAdded()
    {
        world.Connector.Members["29:nobody"] = new FakeBotConnector.Member("29:nobody", "No Body", "nobody@example.com", "aad-nobody");

        var body = await InvokeAsync("29:nobody", "brief.accept", new JObject { ["handoffId"] = "x" });

        Assert.Contains("people directory", (string?)body["value"], StringComparison.Ordinal);
    }

    /// <summary>Complete context and CSM, but no goals, success criteria or go-live date.</summary>
    private static System.Text.Json.Nodes.JsonObject DealWithGaps()
    {
        var deal = Deals.Complete();
        var context = deal["context"]!.AsObject();
        context.Remove("goals");
        context.Remove("successCriteria");
        context.Remove("targetGoLive");
        return deal;
    }

    private Task<JObject> SubmitCompleteAsync(string id) => InvokeCardAsync("29:avery", "context.submit", new JObject
    {
        ["handoffId"] = id,
        ["goals"] = "Cut late deliveries",
        ["successCriteria"] = "Late deliveries below 3% by March",
        ["targetGoLive"] = "2027-01-15",
    });

    private async Task<JObject> InvokeAsync(string userId, string verb, JObject data, string? conversation = null)
    {
        var activity = world.CardAction(userId, verb, data, conversation, conversation is null ? "personal" : "channel");
        var response = await world.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The card of an invoke response that re-renders in place (fails when the answer is a message).</summary>
    private async Task<JObject> InvokeCardAsync(string userId, string verb, JObject data, string? conversation = null)
    {
        var body = await InvokeAsync(userId, verb, data, conversation);
        Assert.True((string?)body["type"] == "application/vnd.microsoft.card.adaptive", body.ToString());
        return (JObject)body["value"]!;
    }

    private static IEnumerable<JObject> Elements(JObject card) => card.DescendantsAndSelf().OfType<JObject>();

    /// <summary>The buttons (the refresh action is not one).</summary>
    private static List<string> Verbs(JObject card) =>
        [.. Elements(card).Where(e => (string?)e["type"] == "Action.Execute" && e.Parent is not JProperty { Name: "action" }).Select(e => (string)e["verb"]!)];

    private static List<string> InputIds(JObject card) =>
        [.. Elements(card).Where(e => ((string?)e["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(e => (string)e["id"]!)];

    /// <summary>The error text shown right under an input (the template puts it in the input's container).</summary>
    private static string ErrorUnder(JObject card, string inputId)
    {
        var input = Elements(card).Single(e => (string?)e["id"] == inputId);
        var container = (JArray)input.Parent!;
        return string.Join(' ', container.OfType<JObject>().Where(e => (string?)e["color"] == "Attention").Select(e => (string?)e["text"]));
    }

    private static string Readable(JObject card) => string.Join('\n', card.Descendants().OfType<JValue>().Select(v => v.Value as string).OfType<string>());
}
