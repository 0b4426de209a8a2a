using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HandoffBot.Cards;
using HandoffBot.Cards.Data;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Tests.Cards;

/// <summary>People as people: names from the directory, "you" for the reader, times in the reader's zone with the zone named.</summary>
public sealed partial class CardPeopleTests
{
    private static readonly (string Email, string Name)[] Directory =
    [
        (CardSamples.Ae, "Avery Brooks"), (CardSamples.Csm, "Casey Lin"), (CardSamples.CsLead, "Jordan Patel"),
        (CardSamples.Manager, "Morgan Diaz"), (CardSamples.Leader, "Riley Chen"),
    ];

    public static TheoryData<string, ChatPlatform> TypicalCards()
    {
        var data = new TheoryData<string, ChatPlatform>();
        foreach (var sample in CardSamples.For("typical"))
        {
            foreach (var platform in sample.Modal is null ? new[] { ChatPlatform.Teams, ChatPlatform.Slack } : [ChatPlatform.Slack])
            {
                data.Add(sample.Card, platform);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypicalCards))]
    public async Task Render_TypicalCard_ShowsDirectoryPeopleByName_NeverAsARawEmail(string card, ChatPlatform platform)
    {
        foreach (var payload in await CardRenderTests.RenderedAsync(card, "typical", platform))
        {
            foreach (var text in Texts(payload, platform))
            {
                foreach (var (email, name) in Directory)
                {
                    // The email may sit beside the name (who owns, escalation: it helps to reach them), never instead of it.
                    Assert.True(!text.Contains(email, StringComparison.Ordinal) || text.Contains(name, StringComparison.Ordinal) || IsEmailField(text),
                        $"{card}: \"{text}\" shows {email} without the name {name}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TypicalCards))]
    public async Task Render_TypicalCard_NeverShowsATimeWithoutItsZone(string card, ChatPlatform platform)
    {
        foreach (var payload in await CardRenderTests.RenderedAsync(card, "typical", platform))
        {
            foreach (var text in Texts(payload, platform))
            {
                // A Slack date token shows in each reader's own zone; its fallback must name the zone.
                var shown = SlackDate().Replace(text, m => m.Groups["fallback"].Value);
                var bare = TimeWithoutZone().Match(shown);
                Assert.False(bare.Success, $"{card}: \"{shown}\" has the time {bare.Value} without its zone");
            }
        }
    }

    [Fact]
    public async Task Render_BriefForTheCsm_CallsHerYou_InHerZone_WithHerButtons()
    {
        var teams = (await CardRenderTests.RenderedAsync("brief-for-csm", "typical", ChatPlatform.Teams)).Single();
        var texts = CardRenderTests.TeamsMarkdown(teams);
        Assert.Contains("you (CSM)", texts);
        Assert.Contains("Tue 3 Nov, 09:30 Chicago time — overdue", texts); // the due time in Casey's zone
        Assert.Contains(CardRenderTests.Objects(teams), o => (string?)o["verb"] == "brief.accept");
        var slack = (await CardRenderTests.RenderedAsync("brief-for-csm", "typical", ChatPlatform.Slack)).Single();
        Assert.Contains(CardRenderTests.SlackMrkdwn(slack), t => t == "*Due*\nTue 3 Nov, 09:30 Chicago time — overdue");
    }

    [Fact]
    public async Task Render_BriefForSomeoneWhoMayNotAct_HasNoButtons_InTheirZone()
    {
        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            var card = (await CardRenderTests.RenderedAsync("brief-for-stranger", "typical", platform)).Single();
            Assert.DoesNotContain(CardRenderTests.Objects(card), o => (string?)o["verb"] == "brief.accept" || (string?)o["action_id"] == "brief.accept");
            Assert.Contains("Los Angeles time", card.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Render_Kickoff_TheAeMayBookIt_OnlyCsRecordsItHeld_AndOnceHeldNoButtonsAreLeft()
    {
        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            static List<string> Buttons(JsonObject card) =>
                [.. CardRenderTests.Objects(card).Select(o => (string?)o["verb"] ?? (string?)o["action_id"]).OfType<string>().Where(v => v != "link")];
            var shared = (await CardRenderTests.RenderedAsync("kickoff", "typical", platform)).Single();
            var forAe = (await CardRenderTests.RenderedAsync("kickoff-for-ae", "typical", platform)).Single();
            var held = (await CardRenderTests.RenderedAsync("kickoff-held", "typical", platform)).Single();

            Assert.Contains("kickoff.held", Buttons(shared));
            Assert.DoesNotContain("kickoff.held", Buttons(forAe));
            Assert.Empty(Buttons(held));
            Assert.Contains("Kickoff held on Mon 2 Nov 2026", held.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Render_SharedSlackBrief_ShowsTimesInEveryReadersZone_WithTheZoneInTheFallback()
    {
        var slack = (await CardRenderTests.RenderedAsync("brief", "typical", ChatPlatform.Slack)).Single();
        var due = CardRenderTests.SlackMrkdwn(slack).Single(t => t.StartsWith("*Due*", StringComparison.Ordinal));
        Assert.Equal("*Due*\n<!date^1793719800^{date_short_pretty}, {time} your time|Tue 3 Nov, 10:30 New York time> — overdue", due);
        // Who may accept, since everyone in the channel sees the buttons.
        Assert.Contains(CardRenderTests.SlackMrkdwn(slack), t => t.Contains("for Casey Lin (CSM) or Jordan Patel (CS lead)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_SharedTeamsCard_IsReadOnly_AndRefreshedForThoseWhoMayAct()
    {
        var teams = (await CardRenderTests.RenderedAsync("brief-readonly", "typical", ChatPlatform.Teams)).Single();
        Assert.DoesNotContain(CardRenderTests.Objects(teams["actions"]!), o => (string?)o["type"] is "Action.Execute" or "Action.ShowCard");
        Assert.Equal("card.refresh", (string?)teams["refresh"]!["action"]!["verb"]);
    }

    [Fact]
    public void Person_NotInTheDirectory_IsShownByEmail_AndTheReaderAsYou()
    {
        var ctx = new CardContext(ChatPlatform.Teams, CardSamples.Now, CardSamples.Book("typical"), CardSamples.Zone, CardSamples.Csm, new CardState());

        Assert.Equal("new.hire@example.com", ctx.Person("New.Hire@Example.com").Label);
        Assert.False(ctx.Person("new.hire@example.com").Known);
        Assert.Equal("you", ctx.Person("CASEY.CSM@example.com").Label);
        Assert.Equal("Avery Brooks", ctx.Person(CardSamples.Ae).Label);
        Assert.Equal("Morgan Diaz", ctx.Person("Morgan Diaz").Label); // a caller that already holds the name
        Assert.Equal("Chicago time", Times.ZoneName(ctx.Zone));
    }

    [Theory]
    [InlineData("America/New_York", "New York time")]
    [InlineData("America/Argentina/Buenos_Aires", "Buenos Aires time")]
    [InlineData("Europe/London", "London time")]
    [InlineData("UTC", "UTC")]
    [InlineData("Etc/GMT+5", "UTC−05:00")]
    [InlineData("Eastern Standard Time", "New York time")]
    public void ZoneName_NamesTheZoneAsPeopleSayIt(string id, string name) =>
        Assert.Equal(name, Times.ZoneName(TimeZoneInfo.FindSystemTimeZoneById(id), CardSamples.Now));

    [Fact]
    public void Format_ShowsTheYearOnlyWhenItIsNotThisYear()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.Equal("Wed 4 Nov, 16:30 Berlin time", Times.Format(CardSamples.Now, zone, CardSamples.Now));
        Assert.Equal("Mon 4 Jan 2027, 16:30 Berlin time", Times.Format(CardSamples.Now.AddDays(61), zone, CardSamples.Now));
    }

    private static bool IsEmailField(string text) => text.StartsWith("*Email*\n", StringComparison.Ordinal) || text.StartsWith("Email\n", StringComparison.Ordinal);

    /// <summary>Everything a person reads on the card: Teams text and facts (a fact as "title\nvalue"); Slack mrkdwn and plain text.</summary>
    private static List<string> Texts(JsonObject payload, ChatPlatform platform) => platform == ChatPlatform.Teams
        ? [.. CardRenderTests.Objects(payload).SelectMany(o => (string?)o["type"] == "TextBlock"
            ? [(string)o["text"]!]
            : o["facts"] is JsonArray facts ? facts.Select(f => $"{(string)f!["title"]!}\n{(string)f["value"]!}") : [])]
        : [.. CardRenderTests.Objects(payload).Where(o => (string?)o["type"] is "mrkdwn" or "plain_text").Select(o => (string)o["text"]!)];

    [GeneratedRegex(@"<!date\^\d+\^[^|>]*\|(?<fallback>[^>]*)>")]
    private static partial Regex SlackDate();

    // hh:mm not followed by a zone ("New York time", "UTC"), nor part of "11:05 in" (how far into a call) or h:mm:ss.
    [GeneratedRegex(@"(?<![\d:])([01]?\d|2[0-3]):[0-5]\d(?![\d:])(?! (UTC|[A-Z][\p{L} .'-]*? time|in\b))")]
    private static partial Regex TimeWithoutZone();
}
