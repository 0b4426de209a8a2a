using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Cards.Models;

namespace HandoffBot.Tests.Cards;

/// <summary>What the renderer does when a payload would break a platform limit: cut what can be cut, refuse the rest.</summary>
public sealed class CardLimitsTests
{
    [Fact]
    public void EnforceSlack_SixtyBlocksInAMessage_KeepsFortyEightAPointerAndTheActions()
    {
        var blocks = new JsonArray([.. Enumerable.Range(0, 59).Select(i => (JsonNode)Section($"line {i}"))]);
        blocks.Add(Actions("accept"));
        var payload = new JsonObject { ["blocks"] = blocks };

        CardLimits.EnforceSlack(payload, modal: false);

        var kept = payload["blocks"]!.AsArray();
        Assert.Equal(50, kept.Count);
        Assert.Equal("line 47", (string?)kept[47]!["text"]!["text"]);
        Assert.Contains("more in the full record", (string?)kept[48]!["elements"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal("actions", (string?)kept[49]!["type"]);
    }

    [Fact]
    public void EnforceSlack_HundredBlocksInAModal_AreAllowed()
    {
        var payload = new JsonObject { ["type"] = "modal", ["title"] = Plain("Reject"), ["submit"] = Plain("Send"), ["blocks"] = new JsonArray([.. Enumerable.Range(0, 100).Select(i => (JsonNode)Section($"{i}"))]) };
        CardLimits.EnforceSlack(payload, modal: true);
        Assert.Equal(100, payload["blocks"]!.AsArray().Count);
    }

    [Fact]
    public void EnforceSlack_LongTexts_AreCutToTheLimitWithAnEllipsis()
    {
        var payload = new JsonObject
        {
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = Plain(new string('h', 400)) },
                Section(new string('s', 5000)),
                Actions("go", new string('b', 200))),
        };

        CardLimits.EnforceSlack(payload, modal: false);

        var header = (string)payload["blocks"]![0]!["text"]!["text"]!;
        var section = (string)payload["blocks"]![1]!["text"]!["text"]!;
        var button = (string)payload["blocks"]![2]!["elements"]![0]!["text"]!["text"]!;
        Assert.Equal((150, '…'), (header.Length, header[^1]));
        Assert.Equal((3000, '…'), (section.Length, section[^1]));
        Assert.Equal((75, '…'), (button.Length, button[^1]));
    }

    [Fact]
    public void EnforceSlack_RepeatedActionId_IsRefused()
    {
        var payload = new JsonObject { ["blocks"] = new JsonArray(Actions("accept"), Actions("accept")) };
        Assert.Throws<CardLimitException>(() => CardLimits.EnforceSlack(payload, modal: false));
    }

    [Fact]
    public void EnforceTeams_VersionAbove15_IsRefused()
    {
        Assert.Throws<CardLimitException>(() => CardLimits.EnforceTeams(Card("1.6")));
    }

    [Fact]
    public void EnforceTeams_RepeatedInputId_IsRefused()
    {
        var card = Card("1.5", new JsonObject { ["type"] = "Input.Text", ["id"] = "goals" }, new JsonObject { ["type"] = "Container", ["items"] = new JsonArray(new JsonObject { ["type"] = "Input.Date", ["id"] = "goals" }) });
        Assert.Throws<CardLimitException>(() => CardLimits.EnforceTeams(card));
    }

    [Fact]
    public void EnforceTeams_OverTwentyEightKilobytes_CutsTheLongestTextsUntilItFits()
    {
        var card = Card("1.5", Text("Title"), Text(new string('a', 40_000)), Text(new string('b', 10_000)));

        CardLimits.EnforceTeams(card);

        Assert.InRange(CardLimits.Bytes(card), 1, CardLimits.TeamsPayloadBytes);
        Assert.Equal("Title", (string?)card["body"]![0]!["text"]);
        Assert.EndsWith("…", (string)card["body"]![1]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void TextSafety_Cut_NeverSplitsASurrogatePair()
    {
        var cut = TextSafety.Cut("ab🚀🚀🚀", 4, out var truncated);
        Assert.True(truncated);
        Assert.Equal("ab…", cut);
    }

    [Theory]
    [InlineData("<!here> and @channel", "&lt;!here&gt; and @\u200Bchannel")]
    [InlineData("<https://evil.example|Click>", "&lt;https://evil.example|Click&gt;")]
    [InlineData("a & b\u0007", "a &amp; b")]
    public void TextSafety_Slack_DisarmsMentionsAndLinks(string input, string expected)
    {
        Assert.Equal(expected, TextSafety.Slack(input));
    }

    [Theory]
    [InlineData("<at>Boss</at>", "<\u200Bat\\>Boss<\u200B/at\\>")]
    [InlineData("**x** [l](u)", @"\*\*x\*\* \[l\](u)")]
    [InlineData("- item\n1. first", "\\- item\n1\\. first")]
    public void TextSafety_Teams_DisarmsMentionsAndMarkdown(string input, string expected)
    {
        Assert.Equal(expected, TextSafety.Teams(input));
    }

    [Theory]
    [InlineData("javascript:alert(1)", "")]
    [InlineData("file:///etc/passwd", "")]
    [InlineData("https://crm.example.com/x?a=1", "https://crm.example.com/x?a=1")]
    public void TextSafety_SafeUrl_KeepsOnlyHttpLinks(string url, string expected)
    {
        Assert.Equal(expected, TextSafety.SafeUrl(url));
    }

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text } };

    private static JsonObject Actions(string actionId, string title = "Go") =>
        new() { ["type"] = "actions", ["elements"] = new JsonArray(new JsonObject { ["type"] = "button", ["action_id"] = actionId, ["text"] = Plain(title) }) };

    private static JsonObject Text(string text) => new() { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };

    private static JsonObject Card(string version, params JsonNode[] body) =>
        new() { ["type"] = "AdaptiveCard", ["version"] = version, ["body"] = new JsonArray(body) };
}
