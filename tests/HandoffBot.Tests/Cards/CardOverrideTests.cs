using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Cards.Templating;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using HandoffBot.Tests.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace HandoffBot.Tests.Cards;

/// <summary>
/// Overrides: a folder of templates replaces shipped cards one by one once they pass the checks CI
/// runs, at start-up and on reload; a refused one leaves the shipped card in force and says why.
/// </summary>
public sealed class CardOverrideTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", "overrides-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_ReorderedBrief_IsInForceAndRendersRisksFirst()
    {
        Write("teams/brief.json", TeamsBriefWithRisksFirst());

        var templates = Templates();

        var result = Assert.Single(templates.Overrides);
        Assert.True(result.InForce, string.Join(" | ", result.Problems));
        Assert.True(templates.IsOverridden("teams/brief"));
        var card = TemplateCardRenderer.Expand(templates.Get("teams/brief"), "teams/brief", Sample("teams/brief"), ChatPlatform.Teams);
        var sections = SectionIds(card);
        Assert.True(sections.IndexOf("section.risks") < sections.IndexOf("section.sold"), string.Join(", ", sections));
    }

    [Theory]
    [InlineData("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ { \"type\": \"TextBlock\", \"text\": \"${deal.nope}\" } ] }", "${deal.nope} has no value")]
    [InlineData("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.6\", \"body\": [ { \"type\": \"TextBlock\", \"text\": \"${deal.account}\" } ] }", "version 1.6 is above 1.5")]
    [InlineData("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ { \"type\": \"Carousel\", \"pages\": [] } ] }", "unknown element type 'Carousel'")]
    [InlineData("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ { \"type\": \"TextBlock\", \"text\": \"${unknownFn(deal)}\" } ] }", "unknown function 'unknownFn'")]
    [InlineData("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ ", "not readable JSON")]
    [InlineData("slack/brief.json", "{ \"blocks\": [ { \"type\": \"section\", \"text\": { \"type\": \"mrkdwn\", \"text\": \"${deal.accountPlain}\" } } ] }", "a live Slack mention")]
    [InlineData("slack/brief.json", "{ \"blocks\": [ { \"type\": \"header\", \"text\": { \"type\": \"mrkdwn\", \"text\": \"${deal.account}\" } } ] }", "a header whose text is not plain_text")]
    [InlineData("slack/digest.json", "{ \"blocks\": [ { \"$data\": \"${medians}\", \"type\": \"divider\" }, { \"$data\": \"${medians}\", \"type\": \"divider\" }, { \"$data\": \"${medians}\", \"type\": \"divider\" }, { \"$data\": \"${medians}\", \"type\": \"divider\" }, { \"$data\": \"${medians}\", \"type\": \"divider\" }, { \"$data\": \"${medians}\", \"type\": \"divider\" } ] }", "no blocks")]
    [InlineData("teams/no-such-card.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [] }", "there is no shipped card 'teams/no-such-card'")]
    public void Load_InvalidOverride_IsRefusedWithTheReason_AndTheShippedCardStays(string file, string json, string reason)
    {
        Write(file, json);

        var templates = Templates();

        var result = Assert.Single(templates.Overrides);
        Assert.False(result.InForce);
        Assert.Contains(result.Problems, p => p.Contains(reason, StringComparison.Ordinal));
        Assert.False(templates.IsOverridden(result.Name));
    }

    [Fact]
    public void Reload_AfterTheFileIsFixed_PutsItInForce_AndAfterItIsDeleted_TheShippedCardIsBack()
    {
        Write("teams/brief.json", "{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ { \"type\": \"TextBlock\", \"text\": \"${deal.nope}\" } ] }");
        var templates = Templates();
        Assert.False(templates.IsOverridden("teams/brief"));

        Write("teams/brief.json", TeamsBriefWithRisksFirst());
        Assert.True(Assert.Single(templates.Reload()).InForce);
        Assert.True(templates.IsOverridden("teams/brief"));

        File.Delete(Path.Combine(folder, "teams", "brief.json"));
        Assert.Empty(templates.Reload());
        Assert.False(templates.IsOverridden("teams/brief"));
    }

    [Fact]
    public async Task Render_OverrideThatFailsAtRunTime_FallsBackToTheShippedCard_AndIsCounted()
    {
        var templates = new CardTemplates();
        var broken = CardTemplate.Compile("teams/brief", JsonNode.Parse("{ \"type\": \"AdaptiveCard\", \"version\": \"1.5\", \"body\": [ { \"type\": \"TextBlock\", \"text\": \"${deal.nope}\" } ] }")!);
        templates.ForceOverride("teams/brief", broken);
        var problems = new CardProblems();
        var renderer = CardSamples.Renderer("typical", templates, problems);
        var brief = CardSamples.For("typical").First(s => s.Card == "brief");

        var card = await renderer.RenderAsync(ChatPlatform.Teams, brief.Notification!);

        Assert.Contains("Handoff brief · Acme Logistics", CardRenderTests.TeamsMarkdown(card.Payload)); // the shipped card
        var problem = Assert.Single(problems.Recent);
        Assert.Equal(("teams/brief", "the shipped card"), (problem.Template, problem.SentInstead));
        Assert.Contains("${deal.nope} has no value", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideFile_ReorderedBriefSections_ChangesThePostedSlackCard_WithoutARebuild()
    {
        await using var world = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Cards:OverridePath"] = folder, ["Cards:WatchOverrides"] = "false" });
        var (first, _) = await world.HandoffInReviewAsync("CRM-1001");
        var shipped = BriefTexts(world, 0);
        Assert.True(shipped.IndexOf("*What was sold*") < shipped.IndexOf("*Risks*"));

        Write("slack/brief.json", SlackBriefWithRisksFirst());
        using var admin = world.App.AdminClient();
        var reload = await admin.PostAsync("/api/cards/reload", null);
        Assert.Equal(HttpStatusCode.OK, reload.StatusCode);

        // The next brief and the update of the first one (after Accept) both follow the edited file.
        await world.HandoffInReviewAsync("CRM-2002");
        var edited = BriefTexts(world, 1);
        Assert.True(edited.IndexOf("*Risks*") < edited.IndexOf("*What was sold*"), string.Join(" | ", edited));
        var firstTs = (await world.App.Get<Core.Application.HandoffService>().GetAsync(first))!.Messages[Core.Notifications.MessageKeys.Brief].MessageId;
        await world.PostInteractionAsync(SlackWorld.BlockAction(SlackWorld.CsmUser, ActionVerbs.BriefAccept, first + "|", SlackWorld.BriefChannel, firstTs));
        await world.RunJobsAsync();
        var update = world.Slack.CallsTo("chat.update").Last(c => c.Args["ts"]!.GetValue<string>() == firstTs);
        var updated = Heads(update.Args["blocks"]);
        Assert.True(updated.IndexOf("*Risks*") < updated.IndexOf("*What was sold*"), string.Join(" | ", updated));

        var cards = await (await admin.GetAsync("/api/cards")).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(cards!["templates"]!.AsArray(), t => (string?)t!["name"] == "slack/brief" && (bool)t["overridden"]!);
    }

    [Fact]
    public async Task OverrideFile_Invalid_IsRefusedOverHttpWithTheReason_AndTheShippedCardIsPosted()
    {
        await using var world = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Cards:OverridePath"] = folder, ["Cards:WatchOverrides"] = "false" });
        Write("slack/brief.json", "{ \"blocks\": [ { \"type\": \"section\", \"text\": { \"type\": \"mrkdwn\", \"text\": \"${deal.riskz}\" } } ] }");
        using var admin = world.App.AdminClient();

        var reload = await admin.PostAsync("/api/cards/reload", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reload.StatusCode);
        Assert.Contains("${deal.riskz} has no value", await reload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await world.HandoffInReviewAsync();
        Assert.Contains("*Risks*", BriefTexts(world, 0));
    }

    [Fact]
    public async Task Watcher_FileSaved_ReloadsTheOverride()
    {
        Directory.CreateDirectory(Path.Combine(folder, "slack"));
        await using var world = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Cards:OverridePath"] = folder, ["Cards:WatchOverrides"] = "true" });
        var templates = world.App.Get<CardTemplates>();
        var reloaded = new TaskCompletionSource<IReadOnlyList<OverrideResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        templates.Reloaded += results => reloaded.TrySetResult(results);

        Write("slack/brief.json", SlackBriefWithRisksFirst());

        // Waits for the watcher's own signal (a file event, then its settle time), not for a guessed delay.
        var results = await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Assert.Single(results).InForce);
        Assert.True(templates.IsOverridden("slack/brief"));
    }

    private CardTemplates Templates() =>
        new(Microsoft.Extensions.Options.Options.Create(new CardsOptions { OverridePath = folder }), NullLogger<CardTemplates>.Instance);

    private void Write(string file, string json)
    {
        var path = Path.Combine(folder, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    private static JsonObject Sample(string template) => CardSamples.DataFor(template).First().Data;

    /// <summary>The shipped Teams brief with the Risks section moved up to be the first of the context sections.</summary>
    private static string TeamsBriefWithRisksFirst()
    {
        var card = CardTemplates.Source("teams/brief").AsObject();
        var body = card["body"]!.AsArray();
        var risks = body.Single(b => (string?)b!["id"] == "section.risks")!;
        var sold = body.Single(b => (string?)b!["id"] == "section.sold")!;
        body.Remove(risks);
        body.Insert(body.IndexOf(sold), risks);
        return card.ToJsonString();
    }

    /// <summary>The shipped Slack brief with the Risks blocks moved up before "What was sold".</summary>
    private static string SlackBriefWithRisksFirst()
    {
        var card = CardTemplates.Source("slack/brief").AsObject();
        var blocks = card["blocks"]!.AsArray();
        bool Starts(JsonNode? b, string heading) => ((string?)b?["text"]?["text"])?.StartsWith(heading, StringComparison.Ordinal) == true;
        var risks = blocks.Where(b => Starts(b, "*Risks*")).ToList();
        foreach (var r in risks)
        {
            blocks.Remove(r);
        }

        var at = blocks.IndexOf(blocks.First(b => Starts(b, "*What was sold*")));
        foreach (var r in Enumerable.Reverse(risks))
        {
            blocks.Insert(at, r);
        }

        return card.ToJsonString();
    }

    private static List<string> SectionIds(JsonObject card) =>
        [.. card["body"]!.AsArray().Select(b => (string?)b!["id"]).OfType<string>()];

    private static List<string> BriefTexts(SlackWorld world, int index) =>
        Heads(world.Slack.CallsTo("chat.postMessage").Where(c => c.Args["channel"]?.GetValue<string>() == SlackWorld.BriefChannel).ElementAt(index).Args["blocks"]);

    /// <summary>Each section's heading (its first line).</summary>
    private static List<string> Heads(JsonNode? blocks) =>
        [.. SlackWorld.Texts(blocks).Select(t => t.Split('\n')[0])];
}
