using System.Net;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;
using HandoffBot.Storage;
using HandoffBot.Teams;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// A data file written by main before identifiers became case-sensitive (Fixtures/main-cbc98ff,
/// see its README): today's bot migrates it once at start-up and finds everything in it.
/// </summary>
public sealed class MainDataFileMigrationTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "main-cbc98ff");

    /// <summary>Where the fixture writer's fake clock stopped: start-up planning then finds what it left.</summary>
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 14, 17, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-migrate").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task FileWrittenByMain_IsMigratedOnce_EveryHandoffJobPersonDeliveryAndConversationIsFound()
    {
        var dbPath = Path.Combine(folder, "handoffbot.db");
        File.Copy(Path.Combine(Fixture, "handoffbot.db"), dbPath);
        File.Copy(Path.Combine(Fixture, "handoffbot.db.slack-inbox"), dbPath + ".slack-inbox");
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "expected.json")))!;

        using (var app = new HandoffBotApp(dbPath, new FakeTimeProvider(WrittenAt)))
        {
            _ = app.Services;
            Assert.Equal(LiteDB.Collation.Binary.ToString(), app.Get<LiteDbContext>().Database.Pragma("COLLATION").AsString);
            await AssertEverythingIsThereAsync(app, expected);

            // The case variant of a migrated CRM id is another deal now.
            var variant = Deals.Minimal("006aB00000xYz12aaa");
            Assert.Equal(HttpStatusCode.Created, (await app.PostDealAsync(variant.ToJsonString())).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.PostDealAsync(Deals.Minimal("006Ab00000XyZ12AAA").ToJsonString())).StatusCode);
        }

        var keptAside = KeptAside(dbPath);
        using (var again = new HandoffBotApp(dbPath, new FakeTimeProvider(WrittenAt)))
        {
            _ = again.Services;
            await AssertEverythingIsThereAsync(again, expected);
        }

        // The original was kept aside once, and the second start did not migrate again.
        Assert.Single(keptAside);
        Assert.Equal(keptAside, KeptAside(dbPath));
    }

    /// <summary>Files beside the data file other than the data file, its inbox log and its lock.</summary>
    private List<string> KeptAside(string dbPath) =>
        [.. Directory.GetFiles(folder).Where(f => f != dbPath && f != dbPath + ".slack-inbox" && !f.StartsWith(dbPath + ".lock", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    internal static async Task AssertEverythingIsThereAsync(HandoffBotApp app, JsonNode expected)
    {
        var store = app.Get<IHandoffStore>();
        foreach (var h in expected["handoffs"]!.AsArray().Select(n => n!))
        {
            var id = h["id"]!.GetValue<string>();
            var crmId = h["crmId"]!.GetValue<string>();
            var handoff = await store.GetAsync(id);
            Assert.NotNull(handoff);
            Assert.Equal(crmId, handoff.Deal.CrmId);
            Assert.Equal(h["stage"]!.GetValue<string>(), handoff.Stage.ToString());
            Assert.Equal(h["notes"]!.GetValue<int>(), handoff.Notes.Count);
            Assert.Equal(h["transcripts"]!.GetValue<int>(), handoff.Transcripts.Count);
            Assert.True(handoff.Audit.Count >= h["audit"]!.GetValue<int>());
            Assert.Equal(id, (await store.FindByCrmIdAsync(crmId))!.Id);
        }

        var jobs = (await app.Get<IJobStore>().ListAsync(null, null, 10_000)).ToDictionary(j => j.Id, StringComparer.Ordinal);
        foreach (var j in expected["jobs"]!.AsArray().Select(n => n!))
        {
            Assert.True(jobs.TryGetValue(j["id"]!.GetValue<string>(), out var job), $"job {j["id"]} is missing");
            Assert.Equal(j["key"]!.GetValue<string>(), job.IdempotencyKey);
            if (job.Kind != "digest.weekly")
            {
                // (The weekly digest is planned again at every start-up from the clock; its old pending one may be replaced.)
                Assert.True(j["status"]!.GetValue<string>() == job.Status.ToString(), $"job {job.Kind} {job.IdempotencyKey}: {job.Status}, was {j["status"]}");
            }
        }

        var people = app.Get<IPeopleDirectory>();
        foreach (var p in expected["people"]!.AsArray().Select(n => n!))
        {
            var email = p["email"]!.GetValue<string>();
            Assert.NotNull(await people.FindAsync(email));
            if (p["slackId"]?.GetValue<string>() is { } slackId)
            {
                Assert.Equal(email, (await people.FindByPlatformIdAsync(ChatPlatform.Slack, slackId))!.Email);
            }
        }

        var deliveries = (await app.Get<IDeliveryLog>().ListAsync(null, 10_000)).ToDictionary(d => d.Key, StringComparer.Ordinal);
        foreach (var d in expected["deliveries"]!.AsArray().Select(n => n!))
        {
            Assert.Equal(d["state"]!.GetValue<string>(), deliveries[d["key"]!.GetValue<string>()].State.ToString());
        }

        var conversations = new ConversationStore(app.Get<HandoffBot.Core.Storage.IConversationReferences>());
        foreach (var id in expected["teamsConversations"]!.AsArray().Select(n => n!.GetValue<string>()))
        {
            Assert.Equal(id, conversations.Find(id)!.ConversationId);
        }
    }
}
