using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Http;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack.Api;

/// <summary>
/// The one core of the Slack Web API client: POST a JSON body to a method with the bot token.
/// <c>ok:false</c> → <see cref="SlackApiException"/> with Slack's error code; 429 →
/// <see cref="SlackRateLimitedException"/> carrying Retry-After; 5xx → <see cref="SlackUnavailableException"/>.
/// Retries inside a call (429 within <see cref="SlackOptions.MaxRetryAfterSeconds"/>, 5xx, broken
/// connections) are the HTTP client's resilience pipeline (<see cref="SlackServices"/>); methods that
/// post a message are marked so a call that may have been processed is never repeated blindly.
/// The method families (<see cref="IChatApi"/>, …) are one-liners over <see cref="PostAsync"/>.
/// </summary>
public sealed partial class SlackApiClient(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "slack";

    private static readonly HttpRequestOptionsKey<bool> DeliversKey = new("handoffbot.slack.delivers");

    /// <summary>Methods whose repetition would show people a second message.</summary>
    private static readonly HashSet<string> Delivering = new(StringComparer.Ordinal) { "chat.postMessage", "chat.postEphemeral", "chat.scheduleMessage" };

    private readonly SlackOptions settings = options.Value;

    /// <summary>For the resilience pipeline: true when the request posts a message.</summary>
    public static bool Delivers(HttpRequestMessage request) =>
        request is not null && request.Options.TryGetValue(DeliversKey, out var delivers) && delivers;

    public async Task<JsonObject> PostAsync(string method, JsonObject args, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(args);
        if (!settings.Sends)
        {
            throw new SlackNotConfiguredException();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            Content = new StringContent(args.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BotToken);
        request.Options.Set(DeliversKey, Delivering.Contains(method));
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = PlatformResilience.RetryAfter(response, time) ?? TimeSpan.FromSeconds(1);
            LogRateLimited(logger, method, retryAfter.TotalSeconds);
            throw new SlackRateLimitedException(method, retryAfter);
        }

        if (status >= 500)
        {
            LogServerError(logger, method, status);
            throw new SlackUnavailableException(method, status);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer is null)
        {
            throw new SlackUnavailableException(method, status);
        }

        if (answer["ok"]?.GetValueKind() != JsonValueKind.True)
        {
            var error = answer["error"]?.GetValueKind() == JsonValueKind.String ? answer["error"]!.GetValue<string>() : "unknown_error";
            LogNotOk(logger, method, error);
            throw new SlackApiException(method, error);
        }

        return answer;
    }

    /// <summary>
    /// Answers through a <c>response_url</c> Slack gave with a command or an interaction (no bot token:
    /// the URL itself is the credential). Only Slack's hooks host, or the host of <see cref="SlackOptions.ApiBaseUrl"/>.
    /// </summary>
    public async Task RespondAsync(string responseUrl, JsonObject message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!settings.IsResponseUrl(responseUrl))
        {
            throw new SlackApiException("response_url", "invalid_response_url");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(responseUrl))
        {
            Content = new StringContent(message.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(DeliversKey, true);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new SlackRateLimitedException("response_url", PlatformResilience.RetryAfter(response, time) ?? TimeSpan.FromSeconds(1));
        }

        if ((int)response.StatusCode >= 500)
        {
            throw new SlackUnavailableException("response_url", (int)response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            // 404 expired_url and the like: Slack will not take it, now or later.
            throw new SlackApiException("response_url", "http_" + (int)response.StatusCode);
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Slack {Method} rate limited: Retry-After {Seconds}s, longer than waited inside a call")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Slack {Method} answered HTTP {Status}")]
    private static partial void LogServerError(ILogger logger, string method, int status);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Slack {Method} answered ok:false {Error}")]
    private static partial void LogNotOk(ILogger logger, string method, string error);
}
