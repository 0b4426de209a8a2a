using System.Net;
using System.Text.Json.Nodes;

namespace HandoffBot.Tests.Slack;

/// <summary>
/// Slack counts every non-2xx answer to an event as a failed delivery and turns subscriptions off
/// when too many fail: a real event_callback without <c>event_id</c>/<c>event_time</c> (older
/// deliveries, test tools) is acknowledged, and deduplicated on what it carries.
/// </summary>
public sealed class SlackEventIdTests : IAsyncLifetime
{
    private SlackWorld world = null!;

    public async Task InitializeAsync() => world = await SlackWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    /// <summary>The documented message.im delivery (shared fixtures) with its ids taken out.</summary>
    private static JsonObject WithoutIds(string text, string ts)
    {
        var envelope = JsonNode.Parse(File.ReadAllText(Path.Combine("Slack", "Fixtures", "events_message_im_docs.json")))!.AsObject();
        envelope.Remove("event_id");
        envelope.Remove("event_time");
        envelope["team_id"] = "T0FAKE";
        var evt = envelope["event"]!.AsObject();
        evt["user"] = SlackWorld.CsmUser;
        evt["channel"] = "D0CASEY";
        evt["text"] = text;
        evt["ts"] = ts;
        evt["event_ts"] = ts;
        return envelope;
    }

    [Fact]
    public async Task EventWithoutEventId_IsAcknowledged_AndHandled()
    {
        var response = await world.PostEventAsync(WithoutIds("help", "1762092000.000100"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await world.RunJobsAsync();
        var answer = Assert.Single(world.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("D0CASEY", answer.Args["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task EventWithoutEventId_Redelivered_IsHandledOnce_ADifferentOneIsNot()
    {
        var first = WithoutIds("help", "1762092000.000100");

        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(first, retryNum: 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PostEventAsync(WithoutIds("help", "1762092000.000200"))).StatusCode);
        await world.RunJobsAsync();

        Assert.Equal(2, world.Slack.CallsTo("chat.postMessage").Count);
    }
}
