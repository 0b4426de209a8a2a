using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Scheduling;
using HandoffBot.Slack;

namespace HandoffBot.Tests.Slack;

/// <summary>The three endpoints accept what Slack signs and refuse everything else, over real HTTP.</summary>
public sealed class SlackSignatureTests : IAsyncLifetime
{
    private SlackWorld world = null!;

    public async Task InitializeAsync() => world = await SlackWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine("Slack", "Fixtures", name));

    [Fact]
    public async Task DocumentedSigningVector_WithClockAtItsTimestamp_IsAccepted()
    {
        var meta = JsonNode.Parse(Fixture("slash_command_webhook_collect_signing_example.meta.json"))!;
        var secret = meta["signing_secret"]!.GetValue<string>();
        var timestamp = meta["headers"]!["X-Slack-Request-Timestamp"]!.GetValue<string>();
        var signature = meta["headers"]!["X-Slack-Signature"]!.GetValue<string>();
        await using var documented = await SlackWorld.StartAsync(
            new Dictionary<string, string?> { ["Slack:SigningSecret"] = secret },
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture)).AddSeconds(30));
        var body = Fixture("slash_command_webhook_collect_signing_example.txt");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        var response = await documented.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());

        // The same bytes six minutes later are a replay.
        documented.Time.Advance(TimeSpan.FromMinutes(6));
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands") { Content = new ByteArrayContent(body) };
        replay.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        replay.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        replay.Headers.Add("X-Slack-Signature", signature);
        Assert.Equal(HttpStatusCode.Unauthorized, (await documented.Client.SendAsync(replay)).StatusCode);
    }

    [Theory]
    [InlineData("/api/slack/events", "events_url_verification.json", "application/json")]
    [InlineData("/api/slack/events", "events_app_mention_docs.json", "application/json")]
    [InlineData("/api/slack/events", "events_message_im_docs.json", "application/json")]
    [InlineData("/api/slack/interactions", "interactivity_block_actions_button.form.txt", "application/x-www-form-urlencoded")]
    [InlineData("/api/slack/interactions", "interactivity_view_submission_modal.form.txt", "application/x-www-form-urlencoded")]
    public async Task SlackFixtures_Signed_AreAccepted_ForgedStaleUnsigned_AreRefused(string path, string fixture, string contentType)
    {
        var body = Fixture(fixture);

        Assert.Equal(HttpStatusCode.OK, (await world.SendAsync(world.Signed(path, body, contentType))).StatusCode);

        var forged = (byte[])body.Clone();
        forged[^2] ^= 0x01;
        var forgedRequest = world.Signed(path, body, contentType);
        forgedRequest.Content = new ByteArrayContent(forged);
        forgedRequest.Content.Headers.ContentType = new(contentType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(forgedRequest)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(world.Signed(path, body, contentType, secret: "not-the-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(world.Signed(path, body, contentType, at: world.Time.GetUtcNow().AddMinutes(-5).AddSeconds(-1)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(world.Signed(path, body, contentType, at: world.Time.GetUtcNow().AddMinutes(6)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(world.Signed(path, body, contentType, secret: null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SendAsync(world.Signed(path, body, contentType, timestamp: "soon"))).StatusCode);
    }

    [Fact]
    public async Task UrlVerification_EchoesTheChallenge()
    {
        var response = await world.SendAsync(world.Signed("/api/slack/events", Fixture("events_url_verification.json"), "application/json"));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task NoSigningSecret_EveryEndpointFailsClosed()
    {
        await using var open = await SlackWorld.StartAsync(new Dictionary<string, string?> { ["Slack:SigningSecret"] = "" });
        foreach (var path in new[] { "/api/slack/events", "/api/slack/interactions", "/api/slack/commands" })
        {
            var response = await open.SendAsync(open.Signed(path, Fixture("events_url_verification.json"), "application/json", secret: ""));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Event_IsInTheInboxLogBeforeTheAck_ThenInTheJobStore_AndRunAfter()
    {
        var response = await world.SendAsync(world.Signed("/api/slack/events", Fixture("events_message_im_docs.json"), "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var file = new FileStream(SlackInboxLog.PathFor(world.App.DbPath), FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(file))
        {
            Assert.Contains("slack:event:Ev0PV52K21", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }

        await world.App.Get<SlackInbox>().WhenMovedAsync();
        var stored = await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, null, 100);
        Assert.Contains(stored, j => j.IdempotencyKey == "slack:event:Ev0PV52K21");
        Assert.Empty(world.Slack.Calls);
    }

    [Fact]
    public async Task NotJson_Or_NotAForm_Is400_NotA500()
    {
        var junk = Encoding.UTF8.GetBytes("{\"type\": ");
        Assert.Equal(HttpStatusCode.BadRequest, (await world.SendAsync(world.Signed("/api/slack/events", junk, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.SendAsync(world.Signed("/api/slack/interactions", Encoding.UTF8.GetBytes("payload=%7B%zz"), "application/x-www-form-urlencoded"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await world.SendAsync(world.Signed("/api/slack/commands", Encoding.UTF8.GetBytes("text=mine"), "application/x-www-form-urlencoded"))).StatusCode);
    }
}
