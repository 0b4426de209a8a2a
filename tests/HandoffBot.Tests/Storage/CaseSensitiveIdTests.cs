using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Storage;
using HandoffBot.Teams;
using HandoffBot.Tests.Slack;
using HandoffBot.Tests.Support;
using Microsoft.Bot.Schema;

namespace HandoffBot.Tests.Storage;

/// <summary>Identifiers from other systems are compared exactly: ids that differ only in case are different things.</summary>
public sealed class CaseSensitiveIdTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task CrmIds_DifferingOnlyInCase_AreTwoHandoffs_TheSameIdAgainIsAnUpdate()
    {
        var upper = Deals.Minimal("006ABC");
        upper["accountName"] = "Upper Corp";
        var lower = Deals.Minimal("006abc");
        lower["accountName"] = "Lower Corp";

        var first = await app.PostDealAsync(upper.ToJsonString());
        var second = await app.PostDealAsync(lower.ToJsonString());
        upper["arr"] = 150000;
        var again = await app.PostDealAsync(upper.ToJsonString());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var firstId = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var secondId = (await second.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.NotEqual(firstId, secondId);
        Assert.Equal(firstId, (await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());

        var store = app.Get<IHandoffStore>();
        Assert.Equal("Upper Corp", (await store.FindByCrmIdAsync("006ABC"))!.Deal.AccountName);
        Assert.Equal(150000m, (await store.FindByCrmIdAsync("006ABC"))!.Deal.Arr);
        Assert.Equal("Lower Corp", (await store.FindByCrmIdAsync("006abc"))!.Deal.AccountName);
        Assert.Null(await store.FindByCrmIdAsync("006Abc"));
        Assert.Equal(2, (await store.QueryAsync(new HandoffQuery())).Count);
    }

    [Fact]
    public async Task HandoffIds_AreExact_OnTheAdminApi()
    {
        var created = await (await app.PostDealAsync(Deals.Minimal().ToJsonString())).Content.ReadFromJsonAsync<JsonObject>();
        var id = created!["id"]!.GetValue<string>();
        using var admin = app.AdminClient();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/handoffs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/handoffs/{id.ToLowerInvariant()}")).StatusCode);
        Assert.Null(await app.Get<IHandoffStore>().GetAsync(id.ToLowerInvariant()));
    }

    [Fact]
    public async Task JobKeys_DifferingOnlyInCase_AreTwoJobs()
    {
        var now = app.Time.GetUtcNow();
        var jobs = app.Get<IJobStore>();

        var added = await jobs.EnqueueAsync(
        [
            ScheduledJob.Create("test.kind", null, now, "slack:event:Ev0CASEab", now, null),
            ScheduledJob.Create("test.kind", null, now, "slack:event:Ev0CASEAB", now, null),
        ]);
        var again = await jobs.EnqueueAsync([ScheduledJob.Create("test.kind", null, now, "slack:event:Ev0CASEab", now, null)]);

        Assert.Equal(2, added);
        Assert.Equal(0, again);
    }

    [Fact]
    public async Task DeliveryKeys_DifferingOnlyInCase_AreTwoMessages()
    {
        var log = app.Get<IDeliveryLog>();
        var now = app.Time.GetUtcNow();

        await log.SentAsync("HO-1:notify.brief:Ab", new MessageRef(ChatPlatform.Slack, "C1", "1.0001"), now);
        var other = await log.BeginAsync("HO-1:notify.brief:AB", now);

        Assert.Equal(DeliveryOutcome.New, other.Outcome);
    }

    [Fact]
    public void TeamsConversationIds_DifferingOnlyInCase_AreTwoConversations()
    {
        var store = new ConversationStore(app.Get<HandoffBot.Core.Storage.IConversationReferences>());
        foreach (var (id, user) in new[] { ("a:1AbCdEf", "29:1Ab"), ("a:1ABCDEF", "29:1AB") })
        {
            var reference = new ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = "https://smba.trafficmanager.net/amer/",
                Conversation = new ConversationAccount(id: id, conversationType: "personal"),
                User = new ChannelAccount(user),
            };
            Assert.True(store.Save(new StoredConversation(id, ConversationKind.Personal, reference.ServiceUrl, "tenant", user, null, null, null, reference)));
        }

        Assert.Equal("29:1Ab", store.Find("a:1AbCdEf")!.UserId);
        Assert.Equal("29:1AB", store.Find("a:1ABCDEF")!.UserId);
        Assert.Null(store.Find("a:1abcdef"));
    }

    [Fact]
    public async Task PlatformUserIds_DifferingOnlyInCase_AreTwoPeople_EmailsIgnoreCase()
    {
        var people = app.Get<IPeopleDirectory>();
        await people.UpsertAsync(new Person { Email = "One.Person@Example.com", Name = "One", Slack = new SlackIdentity("U0MiXeD", "T1") });
        await people.UpsertAsync(new Person { Email = "two.person@example.com", Name = "Two", Slack = new SlackIdentity("U0MIXED", "T1") });

        Assert.Equal("one.person@example.com", (await people.FindByPlatformIdAsync(ChatPlatform.Slack, "U0MiXeD"))!.Email);
        Assert.Equal("two.person@example.com", (await people.FindByPlatformIdAsync(ChatPlatform.Slack, "U0MIXED"))!.Email);
        Assert.Null(await people.FindByPlatformIdAsync(ChatPlatform.Slack, "u0mixed"));
        Assert.Equal("One", (await people.FindAsync("ONE.PERSON@example.COM"))!.Name);
    }
}

/// <summary>The same through Slack: two events whose ids differ only in case are two events.</summary>
public sealed class CaseSensitiveSlackEventTests : IAsyncLifetime
{
    private SlackWorld world = null!;

    public async Task InitializeAsync() => world = await SlackWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task EventIds_DifferingOnlyInCase_BothTakeEffect_ARetryOfEitherDoesNot()
    {
        await world.HandoffInReviewAsync();
        world.Slack.ClearCalls();

        foreach (var eventId in new[] { "Ev0CASEab", "Ev0CASEAB", "Ev0CASEab" })
        {
            var envelope = new JsonObject
            {
                ["type"] = "event_callback",
                ["team_id"] = "T0FAKE",
                ["api_app_id"] = "A0HANDOFF",
                ["event_id"] = eventId,
                ["event_time"] = 1762092000,
                ["event"] = new JsonObject { ["type"] = "app_home_opened", ["user"] = SlackWorld.CsmUser, ["channel"] = "D0CASEY", ["tab"] = "home" },
            };
            Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(envelope)).StatusCode);
        }

        await world.RunJobsAsync();

        Assert.Equal(2, world.Slack.CallsTo("views.publish").Count);
    }
}
