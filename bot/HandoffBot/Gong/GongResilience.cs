using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace HandoffBot.Gong;

/// <summary>
/// The Gong client's HTTP pipeline (Microsoft.Extensions.Http.Resilience), outermost first:
/// <list type="number">
/// <item>retry: 429 after its Retry-After (seconds or a date) when that is at most Gong:MaxRetryAfterSeconds,
/// 5xx, broken connections and timed-out attempts — every Gong call here is a read, safe to repeat —
/// up to Gong:MaxRetries times, backing off 1, 2, 4… s where Gong named no wait;</item>
/// <item>timeout: Gong:RequestTimeoutSeconds per attempt;</item>
/// <item>then, inside, at most Gong:RequestsPerSecond calls a second (<see cref="GongRateLimitHandler"/>), each attempt counted.</item>
/// </list>
/// Every wait runs on the injected <see cref="TimeProvider"/>. What is still failing after that fails
/// the pull, and the durable job that asked for it retries later.
/// </summary>
public static partial class GongResilience
{
    public static IHttpClientBuilder AddGongResilience(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddResilienceHandler("gong", (pipeline, context) =>
        {
            var settings = context.ServiceProvider.GetRequiredService<IOptions<GongOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GongResilience));
            var maxWait = TimeSpan.FromSeconds(settings.MaxRetryAfterSeconds);
            if (settings.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    Delay = TimeSpan.FromSeconds(1),
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxWait, time)),
                    DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
                    OnRetry = args =>
                    {
                        LogRetry(logger, args.Outcome.Result is { } r ? (int)r.StatusCode : 0, args.Outcome.Exception?.GetType().Name, args.AttemptNumber + 1, args.RetryDelay);
                        return ValueTask.CompletedTask;
                    },
                });
            }

            pipeline.AddTimeout(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        });
        builder.AddHttpMessageHandler(sp => new GongRateLimitHandler(sp.GetRequiredService<GongRateLimit>()));
        return builder;
    }

    /// <summary>Gong's Retry-After (seconds, or an HTTP date), or null when it gave none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxWait, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => (RetryAfter(response, time) ?? TimeSpan.Zero) <= maxWait,
                >= HttpStatusCode.InternalServerError => true,
                _ => false,
            };
        }

        return outcome.Exception is HttpRequestException or TimeoutRejectedException;
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Gong: HTTP {Status} {Error} on attempt {Attempt}; retrying in {Delay}")]
    private static partial void LogRetry(ILogger logger, int status, string? error, int attempt, TimeSpan delay);
}
