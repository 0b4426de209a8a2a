using System.Net;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Bounded backoff for Bot Connector calls: 429 waits for Retry-After (capped), 500/502/503/504
/// back off exponentially; after <see cref="TeamsOptions.MaxRetries"/> the response is returned
/// as is and the caller fails (a proactive send is then retried by its durable job).
/// </summary>
public sealed partial class ConnectorRetryHandler(IOptions<TeamsOptions> options, ILogger<ConnectorRetryHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Content?.Headers.ToList();
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!IsTransient(response.StatusCode) || attempt >= settings.MaxRetries)
            {
                return response;
            }

            var delay = DelayFor(response, attempt, settings);
            LogRetry(logger, (int)response.StatusCode, attempt + 1, delay.TotalMilliseconds);
            response.Dispose();
            await Task.Delay(delay, cancellationToken);
            if (body is not null)
            {
                // The content was consumed by the first send: give the retry its own copy.
                request.Content = new ByteArrayContent(body);
                foreach (var header in headers!)
                {
                    request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan DelayFor(HttpResponseMessage response, int attempt, TeamsOptions settings)
    {
        var retryAfter = response.Headers.RetryAfter;
        var wanted = retryAfter?.Delta
            ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null)
            ?? settings.RetryBaseDelay * Math.Pow(2, attempt);
        return wanted < TimeSpan.Zero ? TimeSpan.Zero : wanted > settings.MaxRetryDelay ? settings.MaxRetryDelay : wanted;
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Bot Connector answered {Status}; retry {Attempt} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, int status, int attempt, double delayMs);
}
