using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Playbooks;
using HandoffBot.Hosting;
using HandoffBot.Overlays;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Overlays;

/// <summary>
/// playbook.local.yaml and people.local.yaml: a RevOps admin's own settings merged over the shipped
/// files, so nobody edits what ships. The bot runs on a copy of the defaults in a folder of its own.
/// </summary>
public sealed class OverlayTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));

    public OverlayTests()
    {
        Directory.CreateDirectory(folder);
        File.Copy(TestDefaults.PlaybookPath, PlaybookPath);
        File.Copy(TestDefaults.PeoplePath, PeoplePath);
    }

    private string PlaybookPath => Path.Combine(folder, "playbook.yaml");

    private string PeoplePath => Path.Combine(folder, "people.yaml");

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a test host that has not shut down yet: the temp folder is cleaned later
        }
    }

    private HandoffBotApp App(string? dbPath = null) => new(dbPath, settings: new Dictionary<string, string?>
    {
        ["Playbook:Path"] = PlaybookPath,
        ["People:SeedPath"] = PeoplePath,
        ["Timing:WatchPlaybook"] = "false",
    });

    [Fact]
    public void Merge_SegmentByName_ChangesOnlyTheGivenKeysAndAddsNewSegmentsAtTheEnd()
    {
        var merged = PlaybookLoader.Parse(YamlOverlay.Merge(
            File.ReadAllText(PlaybookPath),
            "segments:\n  - name: enterprise\n    csChannel: slack:C0LOCAL1\n  - name: Partners\n    crmNames: [Partner]\n    csChannel: teams:19:partners@thread.tacv2\n",
            "playbook.local.yaml",
            new Dictionary<string, string> { ["segments"] = "name" }));

        Assert.Equal(["Enterprise", "Mid-Market", "SMB", "Partners"], merged.Segments.Select(s => s.Name));
        var enterprise = merged.SegmentNamed("Enterprise");
        Assert.Equal(new ChannelAddress(Core.Handoffs.ChatPlatform.Slack, "C0LOCAL1"), enterprise.CsChannel);
        // What the overlay did not name stays as shipped: the CRM names, the required special terms, the 2h review clock.
        Assert.Equal(new SlaRule(new BusinessDuration(2, BusinessUnit.Hours), SlaAnchor.StageStart), merged.SlaFor("Enterprise", Core.Handoffs.Stage.CsReview));
        Assert.Contains(enterprise.Fields, f => f.Field == Core.Handoffs.ContextField.SpecialTerms && f.Required);
        Assert.Null(merged.SegmentNamed("Mid-Market").CsChannel);
    }

    [Fact]
    public void Merge_NestedKeysMergeAndListsAreReplaced()
    {
        var merged = PlaybookLoader.Parse(YamlOverlay.Merge(
            File.ReadAllText(PlaybookPath),
            "calendar:\n  holidays: [\"2026-11-26\"]\nsla:\n  csReview: 8h\n",
            "playbook.local.yaml",
            new Dictionary<string, string> { ["segments"] = "name" }));

        Assert.Equal([new DateOnly(2026, 11, 26)], merged.Calendar.Holidays);
        Assert.Equal(TimeSpan.FromHours(8), merged.Calendar.HoursPerDay); // the shipped working hours stay
        Assert.Equal(new SlaRule(new BusinessDuration(8, BusinessUnit.Hours), SlaAnchor.StageStart), merged.Sla[Core.Handoffs.Stage.CsReview]);
        Assert.Equal(new SlaRule(new BusinessDuration(24, BusinessUnit.Hours), SlaAnchor.StageStart), merged.Sla[Core.Handoffs.Stage.ContextCapture]);
    }

    [Fact]
    public async Task PlaybookOverlay_AtStartAndOnReload_IsInForceAndTheShippedFileUntouched()
    {
        var shipped = await File.ReadAllTextAsync(PlaybookPath);
        await File.WriteAllTextAsync(Path.Combine(folder, "playbook.local.yaml"), "segments:\n  - name: Enterprise\n    csChannel: teams:19:handoffs@thread.tacv2\n");
        await using var app = App();
        using var admin = app.AdminClient();

        var provider = app.Get<PlaybookProvider>();
        Assert.Equal(new ChannelAddress(Core.Handoffs.ChatPlatform.Teams, "19:handoffs@thread.tacv2"), provider.Current.SegmentNamed("Enterprise").CsChannel);
        Assert.EndsWith("playbook.yaml + playbook.local.yaml", provider.Description, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(folder, "playbook.local.yaml"), "segments:\n  - name: Enterprise\n    csChannel: slack:C0AFTER1\n");
        var reloaded = await admin.PostAsync("/api/playbook/reload", null);

        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.Equal(new ChannelAddress(Core.Handoffs.ChatPlatform.Slack, "C0AFTER1"), provider.Current.SegmentNamed("Enterprise").CsChannel);
        Assert.Equal(shipped, await File.ReadAllTextAsync(PlaybookPath));
    }

    [Theory]
    [InlineData("segments:\n  - name: Enterprise\n    csChannel: irc:#cs\n", "segments[0].csChannel: 'irc:#cs' is not a channel")]
    [InlineData("sla: [broken\n", "line ")]
    [InlineData("- just\n- a list\n", "the file must be a mapping of keys")]
    public async Task PlaybookOverlay_Invalid_ReloadRefusedWithTheProblemAndTheOldPlaybookStays(string overlay, string expected)
    {
        await using var app = App();
        using var admin = app.AdminClient();
        var before = app.Get<PlaybookProvider>().Current;

        await File.WriteAllTextAsync(Path.Combine(folder, "playbook.local.yaml"), overlay);
        var response = await admin.PostAsync("/api/playbook/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Same(before, app.Get<PlaybookProvider>().Current);
    }

    [Fact]
    public async Task PeopleOverlay_PartialEntryUpdatesTheSeededPersonAndNewPeopleAreAdded_AtEveryStart()
    {
        var db = Path.Combine(folder, "data", "handoffbot.db");
        await File.WriteAllTextAsync(Path.Combine(folder, "people.local.yaml"), """
            people:
              - email: Casey.CSM@example.com
                platform: teams
              - email: dana.new@example.com
                name: Dana New
                roles: [csm]
                managerEmail: cs-lead@example.com
                timeZone: Europe/Berlin
                platform: slack
            """);
        await using (var first = App(db))
        {
            using var admin = first.AdminClient();
            var casey = await admin.GetFromJsonAsync<JsonObject>("/api/people/casey.csm@example.com");
            var dana = await admin.GetFromJsonAsync<JsonObject>("/api/people/dana.new@example.com");
            var people = await admin.GetFromJsonAsync<JsonArray>("/api/people");

            Assert.Equal("Teams", casey!["platform"]!.GetValue<string>());
            Assert.Equal("Casey Lin", casey["name"]!.GetValue<string>()); // from the shipped seed
            Assert.Equal("Dana New", dana!["name"]!.GetValue<string>());
            Assert.Equal(7, people!.Count);
        }

        // Edited later: the running directory follows the local file at the next start.
        await File.WriteAllTextAsync(Path.Combine(folder, "people.local.yaml"), "people:\n  - email: casey.csm@example.com\n    platform: slack\n    timeZone: Asia/Tokyo\n");
        await using var second = App(db);
        using var again = second.AdminClient();
        var updated = await again.GetFromJsonAsync<JsonObject>("/api/people/casey.csm@example.com");

        Assert.Equal("Slack", updated!["platform"]!.GetValue<string>());
        Assert.Equal("Asia/Tokyo", updated["timeZone"]!.GetValue<string>());
        Assert.Equal("Casey Lin", updated["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task PeopleOverlay_BadEntry_IsSkippedWithItsProblemAndEveryoneElseSeeded()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, "people.local.yaml"), "people:\n  - email: avery.ae@example.com\n    platform: fax\n  - name: Nobody\n");
        await using var app = new HandoffBotApp(settings: new Dictionary<string, string?> { ["People:SeedPath"] = "" });
        var directory = app.Get<Core.People.IPeopleDirectory>();

        var result = await PeopleOverlay.ApplyAsync(PeoplePath, directory);

        Assert.Equal(5, result.Added); // Avery refused (platform), the five others seeded
        Assert.Null(await directory.FindAsync("avery.ae@example.com"));
        Assert.Contains(result.Problems, p => p.Contains("people.local.yaml", StringComparison.Ordinal) && p.Contains("'fax' is not teams or slack", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("an email address is required", StringComparison.Ordinal));
    }
}
