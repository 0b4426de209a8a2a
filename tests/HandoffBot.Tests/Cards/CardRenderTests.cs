using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Tests.Cards;

/// <summary>
/// Every card on both platforms with every sample data set (typical, empty, maximal, unicode,
/// hostile), rendered through the production renderer and the shipped templates exactly as the bot
/// sends them, held to the platform limits; no sample may fall back.
/// </summary>
public sealed class CardRenderTests
{
    private static readonly CardTemplates Templates = new();

    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var s in CardSamples.All())
        {
            data.Add(s.Card, s.Set);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Render_Sample_TeamsCardWithinLimits(string card, string set)
    {
        foreach (var payload in await RenderedAsync(card, set, ChatPlatform.Teams))
        {
            Assert.Equal("AdaptiveCard", (string?)payload["type"]);
            Assert.True(new Version((string)payload["version"]!) <= new Version(1, 5), $"version {payload["version"]}");
            Assert.True(CardLimits.Bytes(payload) <= 28 * 1024, $"{CardLimits.Bytes(payload)} bytes");
            var inputIds = Objects(payload).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(o => (string)o["id"]!).ToList();
            Assert.Equal(inputIds.Count, inputIds.Distinct(StringComparer.Ordinal).Count());
            Assert.NotEmpty(payload["body"]!.AsArray());
            Assert.All(TeamsMarkdown(payload), t => Assert.DoesNotMatch(@"(?i)<at\b", t));
            Assert.All(Objects(payload).Where(o => (string?)o["type"] == "FactSet"), f => Assert.NotEmpty(f["facts"]!.AsArray()));
            Assert.Empty(CardValidator.Teams(payload));
            AssertSurvivesJson(payload, set);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Render_Sample_SlackPayloadWithinLimits(string card, string set)
    {
        foreach (var payload in await RenderedAsync(card, set, ChatPlatform.Slack))
        {
            var modal = (string?)payload["type"] == "modal";
            var blocks = payload["blocks"]!.AsArray().Select(b => b!.AsObject()).ToList();
            Assert.InRange(blocks.Count, 1, modal ? 100 : 50);
            foreach (var block in blocks)
            {
                switch ((string?)block["type"])
                {
                    case "header":
                        Assert.InRange(((string)block["text"]!["text"]!).Length, 1, 150);
                        break;
                    case "section":
                        Assert.True(block["text"] is not null || block["fields"] is not null);
                        if (block["text"] is { } text)
                        {
                            Assert.InRange(((string)text["text"]!).Length, 1, 3000);
                        }

                        Assert.InRange(block["fields"]?.AsArray().Count ?? 0, 0, 10);
                        Assert.All(block["fields"]?.AsArray() ?? [], f => Assert.InRange(((string)f!["text"]!).Length, 1, 2000));
                        break;
                    default:
                        break;
                }
            }

            var interactive = Objects(payload).Where(o => o["action_id"] is not null).ToList();
            Assert.All(interactive.Where(e => (string?)e["type"] == "button"), b => Assert.InRange(((string)b["text"]!["text"]!).Length, 1, 75));
            var actionIds = interactive.Select(e => (string)e["action_id"]!).ToList();
            Assert.Equal(actionIds.Count, actionIds.Distinct(StringComparer.Ordinal).Count());
            if (modal)
            {
                Assert.InRange(((string)payload["title"]!["text"]!).Length, 1, 24);
                Assert.InRange(((string)payload["submit"]!["text"]!).Length, 1, 24);
            }

            Assert.All(SlackMrkdwn(payload), t => Assert.DoesNotMatch("<!channel>|<!here>|<!everyone>|<@U", t));
            Assert.Empty(CardValidator.Slack(payload, modal));
            AssertSurvivesJson(payload, set);
        }
    }

    [Fact]
    public async Task Render_EverySample_NeverFallsBack()
    {
        var problems = new CardProblems();
        foreach (var set in CardSamples.Sets)
        {
            var renderer = CardSamples.Renderer(set, Templates, problems);
            foreach (var sample in CardSamples.For(set))
            {
                await RenderCardsCommand.RenderAsync(renderer, sample);
            }
        }

        Assert.Empty(problems.Recent);
    }

    [Fact]
    public void Samples_CoverEveryTemplateOnBothPlatforms_AtLeastTenCardsEach()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in CardSamples.All())
        {
            foreach (var platform in sample.Modal is null ? new[] { ChatPlatform.Teams, ChatPlatform.Slack } : [ChatPlatform.Slack])
            {
                used.Add(CardSamples.Data(sample, platform).Template);
            }
        }

        Assert.Equal(CardTemplates.Names, used.Order(StringComparer.Ordinal));
        Assert.True(CardTemplates.Names.Count(n => n.StartsWith("teams/", StringComparison.Ordinal)) >= 10);
        Assert.True(CardTemplates.Names.Count(n => n.StartsWith("slack/", StringComparison.Ordinal) && !n.Contains("modal", StringComparison.Ordinal)) >= 10);
        Assert.All(CardSamples.All().GroupBy(s => s.Card), g => Assert.Equal(CardSamples.Sets, g.Select(s => s.Set)));
    }

    [Fact]
    public void ShippedSampleData_BesideEveryTemplate_IsWhatTheBotBuilds()
    {
        // cards/<platform>/<card>.data.json is what the Adaptive Cards Designer opens with the template:
        // it must be the data the bot really fills the card with (regenerate: render-cards --samples cards).
        var samples = RenderCardsCommand.Samples();
        Assert.Equal(CardTemplates.Names, samples.Keys);
        foreach (var (template, data) in samples)
        {
            var file = Path.Combine(RepoFiles.Root(), "cards", template + ".data.json");
            Assert.True(File.Exists(file), $"{file} is missing");
            Assert.True(JsonNode.DeepEquals(data, JsonNode.Parse(File.ReadAllText(file))), $"{file} is out of date: run render-cards --samples cards");
        }
    }

    [Fact]
    public async Task Render_SlackContextModal_UsesTheRightInputTypesInFormOrderWithSavedValues()
    {
        var payload = (await RenderedAsync("modal-context", "typical", ChatPlatform.Slack)).Single();
        var inputs = payload["blocks"]!.AsArray().Where(b => (string?)b!["type"] == "input").ToList();
        string Type(string id) => (string)inputs.Single(b => (string?)b!["block_id"] == id)!["element"]!["type"]!;
        var ids = inputs.Select(b => (string)b!["block_id"]!).ToList();

        Assert.Equal("static_select", Type("stakeholders.0.role"));
        Assert.Equal("static_select", Type("risks.0.category"));
        Assert.Equal("datepicker", Type("targetGoLive"));
        Assert.Equal("datepicker", Type("commitments.0.due"));
        Assert.Equal("checkboxes", Type("none.risks"));
        Assert.Equal("plain_text_input", Type("goals"));
        // A row stays together: the role sits between the stakeholder's title and email.
        Assert.Equal(ids.IndexOf("stakeholders.0.title") + 1, ids.IndexOf("stakeholders.0.role"));
        Assert.Equal(ids.IndexOf("stakeholders.0.role") + 1, ids.IndexOf("stakeholders.0.email"));
        // Saved values are pre-set in the element's own way (a select's option, a picker's date).
        var risk = inputs.Single(b => (string?)b!["block_id"] == "risks.0.category")!["element"]!;
        Assert.Contains(risk["options"]!.AsArray(), o => JsonNode.DeepEquals(o, risk["initial_option"]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", (string)inputs.Single(b => (string?)b!["block_id"] == "commitments.0.due")!["element"]!["initial_date"]!);
    }

    [Fact]
    public async Task Render_HostileText_IsShownAsTypedAndNeverMentions()
    {
        var slack = (await RenderedAsync("text", "hostile", ChatPlatform.Slack)).Single();
        var teams = (await RenderedAsync("text", "hostile", ChatPlatform.Teams)).Single();
        var slackText = string.Join("\n", SlackMrkdwn(slack));
        Assert.Contains("&lt;!channel&gt; &lt;@U0123ABC&gt;", slackText, StringComparison.Ordinal);
        Assert.Contains("${secret}", slackText, StringComparison.Ordinal);
        var teamsText = string.Join("\n", TeamsMarkdown(teams));
        Assert.Contains("<\u200Bat\\>Boss<\u200B/at\\>", teamsText, StringComparison.Ordinal);
        Assert.Contains(@"\*bold\* \_it\_ \[click\](https://evil.example)", teamsText, StringComparison.Ordinal);
        Assert.Contains("\"q\"", teamsText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_HostileName_InSlackHeaderIsPlainTextAndInMrkdwnEscaped()
    {
        var payload = (await RenderedAsync("brief", "hostile", ChatPlatform.Slack)).Single();
        var header = payload["blocks"]![0]!;
        Assert.Equal("plain_text", (string?)header["text"]!["type"]);
        Assert.DoesNotContain(SlackMrkdwn(payload), t => t.Contains("<@U0123ABC>", StringComparison.Ordinal));
        Assert.Contains(SlackMrkdwn(payload), t => t.Contains("&lt;@U0123ABC&gt;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ChatPlatform.Teams, "[more](https://crm.example.com/deals/1001)")]
    [InlineData(ChatPlatform.Slack, "<https://crm.example.com/deals/1001|more>")]
    public async Task Render_LongText_IsCutWithAnEllipsisAndALinkToTheRecord(ChatPlatform platform, string link)
    {
        var payload = (await RenderedAsync("brief", "maximal", platform)).Single();
        var texts = platform == ChatPlatform.Teams ? TeamsMarkdown(payload) : SlackMrkdwn(payload);
        Assert.Contains(texts, t => t.Contains("… " + link, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_MaximalBrief_StaysUnderTeamsSizeWithEverySectionHeadingKept()
    {
        var payload = (await RenderedAsync("brief", "maximal", ChatPlatform.Teams)).Single();
        Assert.InRange(CardLimits.Bytes(payload), 10 * 1024, 28 * 1024);
        Assert.Contains(Objects(payload), o => ((string?)o["id"])?.StartsWith("section.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Render_ReadOnlyBrief_HasNoButtonsButKeepsTheRecordLink()
    {
        var teams = (await RenderedAsync("brief-readonly", "typical", ChatPlatform.Teams)).Single();
        Assert.DoesNotContain(Objects(teams), o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] != "card.refresh");
        Assert.Equal(["29:user-a", "29:user-b"], teams["refresh"]!["userIds"]!.AsArray().Select(u => (string)u!));
        Assert.Equal("brief", (string?)teams["refresh"]!["action"]!["data"]!["card"]);
        Assert.Contains(Objects(teams), o => (string?)o["type"] == "Action.OpenUrl");
        var slack = (await RenderedAsync("brief-readonly", "typical", ChatPlatform.Slack)).Single();
        Assert.All(Objects(slack).Where(o => (string?)o["type"] == "button"), b => Assert.Equal("link", (string?)b["action_id"]));
    }

    [Fact]
    public async Task Render_Brief_HasFactsAndOnePrimaryAction()
    {
        var teams = (await RenderedAsync("brief", "typical", ChatPlatform.Teams)).Single();
        Assert.Contains(Objects(teams), o => (string?)o["type"] == "FactSet");
        Assert.Single(teams["actions"]!.AsArray(), a => (string?)a!["style"] == "positive");
        var slack = (await RenderedAsync("brief", "typical", ChatPlatform.Slack)).Single();
        Assert.Single(Objects(slack), o => (string?)o["type"] == "button" && (string?)o["style"] == "primary");
    }

    [Fact]
    public async Task Render_TeamsBrief_FoldsRejectAndAskBehindTheirOwnButtons()
    {
        var card = (await RenderedAsync("brief", "typical", ChatPlatform.Teams)).Single();
        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["Accept", "Reject…", "Ask the AE…", "Open in CRM"], actions.Select(a => (string)a["title"]!));
        var reject = actions[1];
        Assert.Equal("Action.ShowCard", (string?)reject["type"]);
        Assert.Equal([ActionInputs.Reason, ActionInputs.Comment], Objects(reject["card"]!).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(o => (string)o["id"]!));
        Assert.Contains(Objects(reject["card"]!), o => (string?)o["verb"] == ActionVerbs.BriefReject && (string?)o["style"] == "destructive");
        Assert.DoesNotContain(Objects(card["body"]!), o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Render_Digest_LeadsWithCompletenessAgainstChurn_ChartReadingAndTheNumbersOneClickAway()
    {
        var teams = (await RenderedAsync("digest", "typical", ChatPlatform.Teams)).Single();
        var churn = Objects(teams).Single(o => (string?)o["id"] == "section.churn");
        Assert.Contains(TeamsMarkdown(churn), t => t.StartsWith("Deals handed off under 80% complete churned 3.9× as often within 180 days (3 of 7 vs 1 of 9)", StringComparison.Ordinal));
        Assert.Contains(Objects(churn), o => (string?)o["type"] == "Image" && ((string?)o["url"])!.Contains("/charts/churn.png", StringComparison.Ordinal));
        var numbers = teams["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["title"] == "The numbers");
        Assert.Equal("Action.ShowCard", (string?)numbers["type"]);
        var tables = Objects(numbers["card"]!).Where(o => (string?)o["type"] == "Table").ToList();
        Assert.Equal(3, tables.Count); // by completeness band, by AE, by segment
        Assert.Equal(5, tables[0]["rows"]!.AsArray().Count); // the header and four bands
        Assert.Contains(TeamsMarkdown(numbers["card"]!.AsObject()), t => t == "1 of 3 (33%)");
        Assert.Contains(TeamsMarkdown(numbers["card"]!.AsObject()), t => t == "Avery Brooks (78%)");
        Assert.Contains(teams["actions"]!.AsArray(), a => (string?)a!["url"] == "https://bot.example.com/links/charts/churn.csv?exp=1&sig=abc");

        var slack = (await RenderedAsync("digest", "typical", ChatPlatform.Slack)).Single();
        Assert.Contains(SlackMrkdwn(slack), t => t.Contains("churned 3.9× as often", StringComparison.Ordinal));
        Assert.Contains(Objects(slack), o => (string?)o["type"] == "button" && (string?)o["url"] == "https://bot.example.com/links/charts/churn.csv?exp=1&sig=abc");
        Assert.Contains(SlackMrkdwn(slack), t => t.Contains("*0–59% complete* (4 deals)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_BriefWithErrors_LeadsWithThem()
    {
        var brief = CardSamples.For("typical").Single(s => s.Card == "brief");
        var renderer = CardSamples.Renderer("typical", Templates);
        var state = new CardState(Errors: [new FieldError(ActionInputs.Reason, "Pick a reason, so the AE knows what to fix.")]);
        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            var payload = (await renderer.RenderAsync(platform, brief.Notification!, state)).Payload;
            Assert.Contains("Pick a reason", payload.ToJsonString(), StringComparison.Ordinal);
        }
    }

    internal static async Task<List<JsonObject>> RenderedAsync(string card, string set, ChatPlatform platform)
    {
        var renderer = CardSamples.Renderer(set, Templates);
        var cards = new List<JsonObject>();
        foreach (var sample in CardSamples.For(set).Where(s => s.Card == card))
        {
            cards.AddRange((await RenderCardsCommand.RenderAsync(renderer, sample)).Where(r => r.Platform == platform).Select(r => r.Card.Payload));
        }

        return cards;
    }

    private static void AssertSurvivesJson(JsonObject payload, string set)
    {
        var json = payload.ToJsonString();
        Assert.True(JsonNode.DeepEquals(payload, JsonNode.Parse(json)));
        if (set != "hostile")
        {
            // Every binding resolved (hostile text carries "${secret}" on purpose: it must stay as typed).
            Assert.DoesNotContain("${", json, StringComparison.Ordinal);
        }
    }

    internal static List<JsonObject> Objects(JsonNode node) => [.. CardLimits.Descendants(node).OfType<JsonObject>()];

    /// <summary>Texts Teams formats: TextBlocks and facts (input values are shown as typed).</summary>
    internal static List<string> TeamsMarkdown(JsonObject card) =>
    [
        .. Objects(card).SelectMany(o => (string?)o["type"] == "TextBlock"
            ? [(string)o["text"]!]
            : o["facts"] is JsonArray facts ? facts.SelectMany(f => new[] { (string)f!["title"]!, (string)f["value"]! }) : []),
    ];

    /// <summary>Texts Slack formats: mrkdwn text objects (plain_text is never parsed).</summary>
    internal static List<string> SlackMrkdwn(JsonObject payload) =>
        [.. Objects(payload["blocks"]!).Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string)o["text"]!)];
}
