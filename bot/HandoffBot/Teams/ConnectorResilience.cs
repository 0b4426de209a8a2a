using HandoffBot.Http;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// The Bot Connector client's retries (<see cref="PlatformResilience"/>): 429 waits for Retry-After
/// up to <see cref="TeamsOptions.MaxRetryDelay"/> (a longer one fails the call and the job is put off
/// until then), 503 and failed connections back off from <see cref="TeamsOptions.RetryBaseDelay"/>,
/// at most <see cref="TeamsOptions.MaxRetries"/> times. Sending an activity (a POST to
/// <c>…/activities</c>) is not repeated after a 500/502/504 or a timeout: Teams may have it, so the
/// outbox decides.
/// </summary>
public static class ConnectorResilience
{
    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder builder) =>
        builder.AddPlatformResilience("teams-connector", sp =>
        {
            var settings = sp.GetRequiredService<IOptions<TeamsOptions>>().Value;
            return new PlatformRetry(settings.MaxRetries, settings.RetryBaseDelay, settings.MaxRetryDelay, null, SendsActivity);
        });

    private static bool SendsActivity(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.Contains("/activities", StringComparison.Ordinal) == true;
}
