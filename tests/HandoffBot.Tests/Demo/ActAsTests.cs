using System.Net;
using HandoffBot.Core.Handoffs;
using HandoffBot.Demo;
using HandoffBot.Tests.Support;
using HandoffBot.Tests.Teams;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Demo;

/// <summary>
/// Acting as someone else, through /api/messages and the real SDK: in the demo (Development, anonymous
/// Teams, Demo:Enabled) the playground's one user plays the AE, then the CSM, then the sales leader;
/// with any of the three missing, "act as" is an unknown command, the button an unknown verb, and the
/// CSM's Accept stays the CSM's. (With an app id: <see cref="ActAsSignedTests"/>.)
/// </summary>
public sealed class ActAsTests
{
    private const string Ae = "29:avery";

    private static readonly Dictionary<string, string?> Demo = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:StartPlayground"] = "false",
    };

    [Fact]
    public async Task Demo_AeFillsTheSampleDeal_ActsAsTheCsmToAccept_ThenAsTheLeaderReadsTheDigest()
    {
        await using var world = await TeamsWorld.StartAsync(Demo, environment: "Development");

        // Opening the playground installs the bot: the welcome (with "Act as" buttons), then the sample deal's form.
        await world.InstallAsync(Ae);
        await world.App.RunJobsAsync();
        var chat = world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae));
        Assert.Contains("Act as Casey Lin (CSM)", chat[0].Readable, StringComparison.Ordinal);
        var handoff = (await world.App.Get<DemoSampleDeal>().FindAsync(default))!;
        Assert.Contains(chat, m => m.Readable.Contains("Deal context for Acme Logistics", StringComparison.Ordinal));

        var sent = await CardAsync(world, Ae, "context.submit", new JObject { ["handoffId"] = handoff.Id, ["successCriteria"] = "Late deliveries below 3%", ["targetGoLive"] = "2027-03-01" });
        await world.App.RunJobsAsync();
        Assert.Contains("Sent to CS", Readable(sent), StringComparison.Ordinal);

        // As the AE, Accept is refused; the brief offers to act as the CSM, and then her Accept works.
        var refused = await InvokeAsync(world, Ae, "brief.accept", new JObject { ["handoffId"] = handoff.Id }, TeamsWorld.CsChannel);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)refused["type"]);
        var asCsm = await CardAsync(world, Ae, TeamsActAs.Verb, new JObject { ["email"] = Deals.Csm, ["handoffId"] = handoff.Id }, TeamsWorld.CsChannel);
        Assert.Contains("You now act as Casey Lin (CSM)", Readable(asCsm), StringComparison.Ordinal);
        Assert.Contains("brief.accept", Verbs(asCsm));
        var accepted = await CardAsync(world, Ae, "brief.accept", new JObject { ["handoffId"] = handoff.Id }, TeamsWorld.CsChannel);
        Assert.Contains("Accepted by you", Readable(accepted), StringComparison.Ordinal);
        var after = (await world.HandoffAsync(handoff.Id))!;
        Assert.Equal((Stage.InternalHandoff, Deals.Csm), (after.Stage, after.AcceptedBy));
        Assert.Contains(after.Audit, a => a.Event == "cs.accepted" && a.Actor == Deals.Csm);

        // Typed: act as the sales leader, whose welcome offers the digest, which answers as them.
        var before = world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae)).Count;
        Assert.Equal(HttpStatusCode.OK, (await world.PostAsync(world.Message(Ae, "act as riley"))).StatusCode);
        var welcome = world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae))[before];
        Assert.Contains("You now act as Riley Chen (sales leader)", welcome.Readable, StringComparison.Ordinal);
        Assert.Contains("digest", welcome.Card!.Descendants().OfType<JObject>().Where(e => (string?)e["verb"] == "command.run").Select(e => (string?)e["data"]?["command"]));
        var ran = await InvokeAsync(world, Ae, "command.run", new JObject { ["command"] = "digest" });
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)ran["type"]);
        Assert.Contains("Handoff digest", world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae)).Last().Readable, StringComparison.Ordinal);

        // And back: the AE again.
        await world.PostAsync(world.Message(Ae, "act as me"));
        Assert.Contains("You are yourself again: Avery Brooks (AE)", world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae)).Last().Readable, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?> NotTheDemo => new()
    {
        // Production, even with the unsafe anonymous switch and Demo:Enabled.
        { "Production", "Teams:AllowUnauthenticatedUnsafe", "true" },
        // Development and anonymous, but the demo was not asked for.
        { "Development", "Demo:Enabled", "false" },
        // Any other environment (Staging), unsafe anonymous switch and Demo:Enabled notwithstanding.
        { "Staging", "Teams:AllowUnauthenticatedUnsafe", "true" },
    };

    [Theory]
    [MemberData(nameof(NotTheDemo))]
    public async Task NotTheDemo_ActAsIsAnUnknownCommandAndVerb_TheCsmsAcceptStaysTheCsms(string environment, string key, string? value)
    {
        var settings = new Dictionary<string, string?>(Demo) { [key] = value };
        await using var world = await TeamsWorld.StartAsync(settings, environment: environment);
        await world.InstallAsync(Ae, "29:casey", "29:jordan");
        var id = await world.PostDealAsync(Deals.Complete());
        await world.App.RunJobsAsync();
        Assert.Null(await world.App.Get<DemoSampleDeal>().FindAsync(default)); // no demo, no sample deal
        await CardAsync(world, Ae, "context.submit", new JObject { ["handoffId"] = id });
        Assert.Equal(Stage.CsReview, (await world.HandoffAsync(id)).Stage);

        var typed = await world.PostAsync(world.Message(Ae, "act as casey"));
        var answer = world.Connector.MessagesTo(TeamsWorld.PersonalChat(Ae)).Last().Readable;
        var button = await InvokeAsync(world, Ae, TeamsActAs.Verb, new JObject { ["email"] = Deals.Csm, ["handoffId"] = id }, TeamsWorld.CsChannel);
        var accept = await InvokeAsync(world, Ae, "brief.accept", new JObject { ["handoffId"] = id }, TeamsWorld.CsChannel);

        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.DoesNotContain("act as", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("did not recognise", answer, StringComparison.Ordinal);
        Assert.Equal(HandoffBot.Teams.CardActionHandler.UnknownVerb, (string?)button["value"]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)accept["type"]);
        Assert.Equal(Stage.CsReview, (await world.HandoffAsync(id)).Stage);
        Assert.False(world.App.Get<DemoGate>().ActAsAllowed);
    }

    private static async Task<JObject> InvokeAsync(TeamsWorld world, string userId, string verb, JObject data, string? conversation = null)
    {
        var response = await world.PostAsync(world.CardAction(userId, verb, data, conversation, conversation is null ? "personal" : "channel"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JObject.Parse(await response.Content.ReadAsStringAsync());
    }

    private static async Task<JObject> CardAsync(TeamsWorld world, string userId, string verb, JObject data, string? conversation = null)
    {
        var body = await InvokeAsync(world, userId, verb, data, conversation);
        Assert.True((string?)body["type"] == "application/vnd.microsoft.card.adaptive", body.ToString());
        return (JObject)body["value"]!;
    }

    private static List<string> Verbs(JObject card) =>
        [.. card.DescendantsAndSelf().OfType<JObject>().Where(e => (string?)e["type"] == "Action.Execute" && e.Parent is not JProperty { Name: "action" }).Select(e => (string)e["verb"]!)];

    private static string Readable(JObject card) => string.Join('\n', card.Descendants().OfType<JValue>().Select(v => v.Value as string).OfType<string>());
}
