using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack.Api;

/// <summary>
/// The one core of the Slack Web API client: POST a JSON body to a method with the bot token.
/// <c>ok:false</c> → <see cref="SlackApiException"/> with Slack's error code; 429 → wait
/// <c>Retry-After</c> (bounded); 5xx → bounded exponential backoff; then the caller's job retries.
/// The method families (<see cref="IChatApi"/>, …) are one-liners over <see cref="PostAsync"/>.
/// </summary>
public sealed partial class SlackApiClient(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "slack";

    private readonly SlackOptions settings = options.Value;

    public async Task<JsonObject> PostAsync(string method, JsonObject args, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(args);
        if (!settings.Sends)
        {
            throw new SlackNotConfiguredException();
        }

        var body = args.ToJsonString();
        var http = clients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, method)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.BotToken);
            using var response = await http.SendAsync(request, ct);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = RetryAfter(response);
                LogRateLimited(logger, method, retryAfter.TotalSeconds, attempt);
                if (attempt >= settings.MaxAttempts || retryAfter > TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds))
                {
                    throw new SlackRateLimitedException(method, retryAfter);
                }

                await Task.Delay(retryAfter, time, ct);
                continue;
            }

            if (status >= 500)
            {
                LogServerError(logger, method, status, attempt);
                if (attempt >= settings.MaxAttempts)
                {
                    throw new SlackUnavailableException(method, status);
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(8, 1 << (attempt - 1))), time, ct);
                continue;
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
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        return response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Slack {Method} rate limited: Retry-After {Seconds}s (attempt {Attempt})")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds, int attempt);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Slack {Method} answered HTTP {Status} (attempt {Attempt})")]
    private static partial void LogServerError(ILogger logger, string method, int status, int attempt);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Slack {Method} answered ok:false {Error}")]
    private static partial void LogNotOk(ILogger logger, string method, string error);
}
