using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace HandoffBot.Http;

/// <summary>The retry policy of one platform's HTTP client.</summary>
/// <param name="MaxRetries">Retries inside one call (0: none); then the caller (a durable job) retries later.</param>
/// <param name="BaseDelay">First backoff when the platform gave no Retry-After; doubles per retry.</param>
/// <param name="MaxRetryAfter">The longest Retry-After waited inside a call; a longer one fails the call, so its job is put off until then.</param>
/// <param name="AttemptTimeout">One attempt's limit; null: none (the caller's token bounds it).</param>
/// <param name="Delivers">True for a request whose repetition could deliver something twice (posting a message).</param>
public sealed record PlatformRetry(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxRetryAfter, TimeSpan? AttemptTimeout, Func<HttpRequestMessage, bool> Delivers);

/// <summary>
/// Retries for the Slack Web API and Bot Connector clients from Microsoft.Extensions.Http.Resilience,
/// with every wait on the injected <see cref="TimeProvider"/>. What is retried inside a call:
/// <list type="bullet">
/// <item>429 with a Retry-After up to <see cref="PlatformRetry.MaxRetryAfter"/>, and 503: the platform says it did not process the request;</item>
/// <item>a connection that could not be opened: nothing was sent;</item>
/// <item>other 5xx, timeouts and broken connections only for requests that deliver nothing: for a post
/// the platform may have it, so the outbox decides (it asks the platform before sending again).</item>
/// </list>
/// </summary>
public static class PlatformResilience
{
    public static IHttpClientBuilder AddPlatformResilience(this IHttpClientBuilder builder, string name, Func<IServiceProvider, PlatformRetry> settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.AddResilienceHandler(name, (pipeline, context) =>
        {
            var retry = settings(context.ServiceProvider);
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            if (retry.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = retry.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = false,
                    Delay = retry.BaseDelay,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, retry, time)),
                    // Polly logs each retry (category "Polly", source "<client>-<name>//Retry"): status or exception, attempt, delay.
                    DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
                });
            }

            if (retry.AttemptTimeout is { } timeout)
            {
                pipeline.AddTimeout(timeout);
            }
        });
        return builder;
    }

    /// <summary>The platform's Retry-After (seconds or a date), or null when it gave none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w && w < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, PlatformRetry retry, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests => (RetryAfter(response, time) ?? TimeSpan.Zero) <= retry.MaxRetryAfter,
                HttpStatusCode.ServiceUnavailable => true,
                >= HttpStatusCode.InternalServerError => !Delivers(response.RequestMessage, retry),
                _ => false,
            };
        }

        return outcome.Exception switch
        {
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException or TimeoutRejectedException => !Delivers(RequestOf(context), retry),
            _ => false,
        };
    }

    private static bool Delivers(HttpRequestMessage? request, PlatformRetry retry) => request is null || retry.Delivers(request);

#pragma warning disable EXTEXP0001 // the documented way to reach the request of a failed attempt; only read here
    private static HttpRequestMessage? RequestOf(ResilienceContext context) => context.GetRequestMessage();
#pragma warning restore EXTEXP0001
}
