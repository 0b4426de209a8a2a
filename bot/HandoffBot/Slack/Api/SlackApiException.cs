namespace HandoffBot.Slack.Api;

/// <summary>Slack answered <c>ok:false</c>; <see cref="Error"/> is Slack's error code (e.g. <c>channel_not_found</c>).</summary>
public class SlackApiException(string method, string error, string? message = null)
    : Exception(message ?? $"Slack {method} failed: {error}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;
}

/// <summary>
/// Slack kept answering 429 (or asked for a longer wait than a call waits): the request was not
/// processed. A job that meets it is put off until <see cref="RetryAfter"/> (<see cref="IRetryAfter"/>).
/// </summary>
public sealed class SlackRateLimitedException(string method, TimeSpan retryAfter)
    : SlackApiException(method, "ratelimited", $"Slack {method} is rate limited; retry after {retryAfter.TotalSeconds:0}s"), Core.Scheduling.IRetryAfter
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Slack answered 5xx (or another non-JSON HTTP error): it may or may not have processed the request.</summary>
public sealed class SlackUnavailableException(string method, int status)
    : SlackApiException(method, "http_" + status, $"Slack {method} answered HTTP {status}")
{
    public int Status { get; } = status;
}

/// <summary>No bot token is configured, so nothing can be sent.</summary>
public sealed class SlackNotConfiguredException()
    : SlackApiException("-", "not_configured", "Slack:BotToken is not set"), Core.Scheduling.IExpectedCondition;
