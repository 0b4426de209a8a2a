using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Cards;

/// <summary>
/// Every card on both platforms with every sample data set (typical, empty, maximal, unicode,
/// hostile), rendered through the real templates as the bot sends them, held to the platform limits.
/// </summary>
public sealed class CardRenderTests
{
    private static readonly TemplateCardRenderer Renderer = new(new CardTemplates(), new FakeTimeProvider(CardSamples.Now));

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
    public void Render_Sample_TeamsCardWithinLimits(string card, string set)
    {
        foreach (var payload in Rendered(card, set, ChatPlatform.Teams))
        {
            Assert.Equal("AdaptiveCard", (string?)payload["type"]);
            Assert.True(new Version((string)payload["version"]!) <= new Version(1, 5), $"version {payload["version"]}");
            Assert.True(CardLimits.Bytes(payload) <= 28 * 1024, $"{CardLimits.Bytes(payload)} bytes");
            var inputIds = Objects(payload).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(o => (string)o["id"]!).ToList();
            Assert.Equal(inputIds.Count, inputIds.Distinct(StringComparer.Ordinal).Count());
            Assert.NotEmpty(payload["body"]!.AsArray());
            Assert.All(TeamsMarkdown(payload), t => Assert.DoesNotMatch(@"(?i)<at\b", t));
            Assert.All(Objects(payload).Where(o => (string?)o["type"] == "FactSet"), f => Assert.NotEmpty(f["facts"]!.AsArray()));
            AssertSurvivesJson(payload, set);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Render_Sample_SlackPayloadWithinLimits(string card, string set)
    {
        foreach (var payload in Rendered(card, set, ChatPlatform.Slack))
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
            AssertSurvivesJson(payload, set);
        }
    }

    [Fact]
    public void Samples_CoverEveryTemplateAndEveryCardOnBothPlatforms()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in CardSamples.All())
        {
            var platforms = RenderCardsCommand.Render(Renderer, sample).Select(r => r.Platform).ToList();
            Assert.Equal(sample.Modal is null ? [ChatPlatform.Teams, ChatPlatform.Slack] : [ChatPlatform.Slack], platforms);
            used.Add(RenderCardsCommand.Data(sample, platforms[0]).Template);
            used.Add(RenderCardsCommand.Data(sample, platforms[^1]).Template);
        }

        Assert.Equal(CardTemplates.Names, used.Order(StringComparer.Ordinal));
        Assert.Equal(CardSamples.Sets.Count, CardSamples.All().Select(s => s.Set).Distinct().Count());
        Assert.All(CardSamples.All().GroupBy(s => s.Card), g => Assert.Equal(CardSamples.Sets, g.Select(s => s.Set)));
    }

    [Fact]
    public void Render_SlackContextModal_UsesTheRightInputTypesInFormOrderWithSavedValues()
    {
        var payload = Rendered("modal-context", "typical", ChatPlatform.Slack).Single();
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
    public void Render_HostileText_IsShownAsTypedAndNeverMentions()
    {
        var slack = Json(Rendered("text", "hostile", ChatPlatform.Slack).Single());
        var teams = Rendered("text", "hostile", ChatPlatform.Teams).Single();
        var slackText = string.Join("\n", SlackMrkdwn(JsonNode.Parse(slack)!.AsObject()));
        Assert.Contains("&lt;!channel&gt; &lt;@U0123ABC&gt;", slackText, StringComparison.Ordinal);
        Assert.Contains("${secret}", slackText, StringComparison.Ordinal);
        var teamsText = string.Join("\n", TeamsMarkdown(teams));
        Assert.Contains("<\u200Bat\\>Boss<\u200B/at\\>", teamsText, StringComparison.Ordinal);
        Assert.Contains(@"\*bold\* \_it\_ \[click\](https://evil.example)", teamsText, StringComparison.Ordinal);
        Assert.Contains("\"q\"", teamsText, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileName_InSlackHeaderIsPlainTextAndInMrkdwnEscaped()
    {
        var payload = Rendered("brief", "hostile", ChatPlatform.Slack).Single();
        var header = payload["blocks"]![0]!;
        Assert.Equal("plain_text", (string?)header["text"]!["type"]);
        Assert.DoesNotContain(SlackMrkdwn(payload), t => t.Contains("<@U0123ABC>", StringComparison.Ordinal));
        Assert.Contains(SlackMrkdwn(payload), t => t.Contains("&lt;@U0123ABC&gt;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ChatPlatform.Teams, "[more](https://crm.example.com/deals/1001)")]
    [InlineData(ChatPlatform.Slack, "<https://crm.example.com/deals/1001|more>")]
    public void Render_LongText_IsCutWithAnEllipsisAndALinkToTheRecord(ChatPlatform platform, string link)
    {
        var payload = Rendered("brief", "maximal", platform).Single();
        var texts = platform == ChatPlatform.Teams ? TeamsMarkdown(payload) : SlackMrkdwn(payload);
        Assert.Contains(texts, t => t.Contains("… " + link, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_MaximalBrief_StaysUnderTeamsSizeWithEverySectionHeadingKept()
    {
        var payload = Rendered("brief", "maximal", ChatPlatform.Teams).Single();
        Assert.InRange(CardLimits.Bytes(payload), 10 * 1024, 28 * 1024);
        Assert.Contains(Objects(payload), o => ((string?)o["id"])?.StartsWith("section.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Render_ReadOnlyBrief_HasNoButtonsButKeepsTheRecordLink()
    {
        var teams = Rendered("brief-readonly", "typical", ChatPlatform.Teams).Single();
        Assert.DoesNotContain(Objects(teams), o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] != "card.refresh");
        Assert.NotNull(teams["refresh"]);
        var slack = Rendered("brief-readonly", "typical", ChatPlatform.Slack).Single();
        Assert.DoesNotContain(Objects(slack), o => (string?)o["type"] == "button");
    }

    [Fact]
    public void Render_Brief_HasFactsAndOnePrimaryAction()
    {
        var teams = Rendered("brief", "typical", ChatPlatform.Teams).Single();
        Assert.Contains(Objects(teams), o => (string?)o["type"] == "FactSet");
        Assert.Single(teams["actions"]!.AsArray(), a => (string?)a!["style"] == "positive");
        var slack = Rendered("brief", "typical", ChatPlatform.Slack).Single();
        Assert.Single(Objects(slack), o => (string?)o["type"] == "button" && (string?)o["style"] == "primary");
    }

    [Fact]
    public void Render_TeamsBrief_FoldsRejectAndAskBehindTheirOwnButtons()
    {
        var card = Rendered("brief", "typical", ChatPlatform.Teams).Single();
        var actions = card["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Equal(["Accept", "Reject…", "Ask the AE…", "Open in CRM"], actions.Select(a => (string)a["title"]!));
        var reject = actions[1];
        Assert.Equal("Action.ShowCard", (string?)reject["type"]);
        Assert.Equal([ActionInputs.Reason, ActionInputs.Comment], Objects(reject["card"]!).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true).Select(o => (string)o["id"]!));
        Assert.Contains(Objects(reject["card"]!), o => (string?)o["verb"] == ActionVerbs.BriefReject && (string?)o["style"] == "destructive");
        Assert.DoesNotContain(Objects(card["body"]!), o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Render_TeamsDigest_ShowsTheChartAndEachSectionsRowsAsAFactSet()
    {
        var card = Rendered("digest", "typical", ChatPlatform.Teams).Single();
        Assert.Contains(Objects(card), o => (string?)o["type"] == "Image" && ((string?)o["url"])!.Contains("/charts/", StringComparison.Ordinal));
        var sections = Objects(card).Where(o => ((string?)o["id"])?.StartsWith("section.", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(5, sections.Count);
        Assert.All(sections, s => Assert.Contains(Objects(s), o => (string?)o["type"] == "FactSet"));
        var medians = Objects(sections[0]).Single(o => (string?)o["type"] == "FactSet")["facts"]!.AsArray();
        Assert.Equal(["Close → context complete", "Context → CS accepted", "Accepted → kickoff"], medians.Select(f => (string)f!["title"]!));
    }

    [Fact]
    public void Render_BriefWithErrors_LeadsWithThem()
    {
        var brief = CardSamples.For("typical").Single(s => s.Card == "brief");
        var state = new CardState(Errors: [new FieldError(ActionInputs.Reason, "Pick a reason, so the AE knows what to fix.")]);
        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            var payload = Renderer.Render(platform, brief.Notification!, state).Payload;
            Assert.Contains("Pick a reason", payload.ToJsonString(), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<JsonObject> Rendered(string card, string set, ChatPlatform platform) =>
        CardSamples.For(set).Where(s => s.Card == card)
            .SelectMany(s => RenderCardsCommand.Render(Renderer, s))
            .Where(r => r.Platform == platform)
            .Select(r => r.Card.Payload);

    private static void AssertSurvivesJson(JsonObject payload, string set)
    {
        var json = Json(payload);
        Assert.True(JsonNode.DeepEquals(payload, JsonNode.Parse(json)));
        if (set != "hostile")
        {
            // Every binding resolved (hostile text carries "${secret}" on purpose: it must stay as typed).
            Assert.DoesNotContain("${", json, StringComparison.Ordinal);
        }
    }

    private static string Json(JsonObject payload) => payload.ToJsonString();

    private static List<JsonObject> Objects(JsonNode node) => [.. CardLimits.Descendants(node).OfType<JsonObject>()];

    /// <summary>Texts Teams formats: TextBlocks and facts (input values are shown as typed).</summary>
    private static List<string> TeamsMarkdown(JsonObject card) =>
    [
        .. Objects(card["body"]!).SelectMany(o => (string?)o["type"] == "TextBlock"
            ? [(string)o["text"]!]
            : o["facts"] is JsonArray facts ? facts.SelectMany(f => new[] { (string)f!["title"]!, (string)f["value"]! }) : []),
    ];

    /// <summary>Texts Slack formats: mrkdwn text objects (plain_text is never parsed).</summary>
    private static List<string> SlackMrkdwn(JsonObject payload) =>
        [.. Objects(payload["blocks"]!).Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string)o["text"]!)];
}
