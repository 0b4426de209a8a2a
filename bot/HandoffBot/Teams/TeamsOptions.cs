using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Teams;

/// <summary>
/// Settings section "Teams". The Microsoft* keys are the Bot Framework's own names; they (and the SDK's
/// other keys) may also be given at the configuration root, as the SDK samples and Azure do, and are
/// resolved once by <see cref="BotFrameworkSettings"/>, which overwrites the values bound here. An empty
/// <see cref="MicrosoftAppId"/> runs the bot anonymously: allowed in Development, refused at start-up
/// elsewhere unless <see cref="AllowUnauthenticatedUnsafe"/> says otherwise.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";

    /// <summary>False: no /api/messages, no Teams notifier (Teams jobs wait as "platform disabled").</summary>
    public bool Enabled { get; set; } = true;

    public string MicrosoftAppId { get; set; } = "";

    /// <summary>
    /// true: start without <see cref="MicrosoftAppId"/> outside Development, accepting unsigned activities
    /// from anyone (a closed test rig only). Ignored when an app id is set.
    /// </summary>
    public bool AllowUnauthenticatedUnsafe { get; set; }

    public string MicrosoftAppPassword { get; set; } = "";

    /// <summary>Single-tenant bots: the tenant id; empty for multi-tenant.</summary>
    public string MicrosoftAppTenantId { get; set; } = "";

    /// <summary>MultiTenant, SingleTenant or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>Largest activity accepted on /api/messages.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 512 * 1024;

    /// <summary>Bot Connector 429/5xx: how many times a call is retried before it fails (then the durable job retries).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff after a 429/5xx; doubles each time. A Retry-After from the connector wins, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an activity id is remembered (in the data file, across restarts) so a redelivered activity is processed once.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At most this many activity ids are remembered, in memory (~100 bytes each) and in the data file
    /// (plus an invoke's answer); the oldest go first. Under heavy load this, not <see cref="DuplicateWindow"/>,
    /// bounds how far back a redelivery is recognised (100,000 is about a minute at 1,700 turns/s).
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int DuplicateMaxEntries { get; set; } = 100_000;

    /// <summary>Service URL used to open a 1:1 chat when no conversation in the person's tenant is known yet; empty = none.</summary>
    public string DefaultServiceUrl { get; set; } = "";

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);
}
