using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Slack;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HandoffBot.Demo.Slack;

/// <summary>
/// Slack's servers, for the demo page: a click or a typed message on the page becomes the request Slack
/// would send — the same payload shapes (block_actions, view_submission, event_callback, a slash
/// command's form), signed with the signing secret exactly as Slack signs
/// (<c>v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")</c>) — and goes over real HTTP to the bot's own
/// <c>/api/slack/…</c> endpoints, which check it like any request from Slack.
/// </summary>
public sealed class DemoSlackRelay(IHttpClientFactory http, IServer server, IOptions<SlackOptions> options, DemoSlackWorkspace slack, TimeProvider time)
{
    public const string ClientName = "demo-slack-relay";

    /// <summary>The bot's answer to the request: its status and body.</summary>
    public sealed record Answer(int Status, string Body);

    public Task<Answer> InteractionAsync(JsonObject payload, CancellationToken ct) =>
        SendAsync("api/slack/interactions", "application/x-www-form-urlencoded", "payload=" + Uri.EscapeDataString(payload.ToJsonString()), ct);

    public Task<Answer> EventAsync(JsonObject evt, CancellationToken ct)
    {
        var envelope = new JsonObject
        {
            ["token"] = "demo-verification-token",
            ["team_id"] = DemoSlackWorkspace.TeamId,
            ["api_app_id"] = DemoSlackWorkspace.AppId,
            ["event"] = evt,
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            ["event_time"] = time.GetUtcNow().ToUnixTimeSeconds(),
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = DemoSlackWorkspace.TeamId, ["user_id"] = DemoSlackWorkspace.BotUserId, ["is_bot"] = true }),
        };
        return SendAsync("api/slack/events", "application/json", envelope.ToJsonString(), ct);
    }

    public Task<Answer> CommandAsync(IReadOnlyDictionary<string, string> form, CancellationToken ct) =>
        SendAsync("api/slack/commands", "application/x-www-form-urlencoded", string.Join('&', form.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value))), ct);

    /// <summary>The user object Slack puts in interaction payloads.</summary>
    public static JsonObject UserRef(DemoSlackUser user) => new()
    {
        ["id"] = user.Id,
        ["username"] = user.Email.Split('@')[0],
        ["name"] = user.Email.Split('@')[0],
        ["team_id"] = DemoSlackWorkspace.TeamId,
    };

    public static JsonObject TeamRef() => new() { ["id"] = DemoSlackWorkspace.TeamId, ["domain"] = "handoffbot-demo" };

    public string ResponseUrl(string userId, string channel, string? messageTs) =>
        new Uri(Self(), "demo/slack/hooks/" + slack.NewResponseUrlId(userId, channel, messageTs)).ToString();

    /// <summary>Signs the body as Slack does and posts it to the bot.</summary>
    private async Task<Answer> SendAsync(string path, string contentType, string body, CancellationToken ct)
    {
        var secret = options.Value.SigningSecret ?? "";
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Self(), path)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(SlackRequest.TimestampHeader, timestamp);
        request.Headers.Add(SlackRequest.SignatureHeader, signature);
        using var client = http.CreateClient(ClientName);
        using var response = await client.SendAsync(request, ct);
        return new Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Where the bot listens (loopback), from the server itself.</summary>
    private Uri Self()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:3978";
        return DemoMode.SelfUrl(address);
    }
}
