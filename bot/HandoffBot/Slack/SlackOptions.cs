using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Slack;

/// <summary>Section "Slack": the Slack app's secrets and the Web API client's limits.</summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    /// <summary>Signs Slack's requests to us. Unset: the three Slack endpoints refuse every request (fail closed).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (xoxb-…). Unset: nothing is sent to Slack; Slack messages wait in the job queue.</summary>
    public string? BotToken { get; set; }

    /// <summary>Where the Web API lives; a fake Slack on loopback in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// Tries per Web API call (429, 503 and broken connections retried inside the call; other 5xx and
    /// timeouts too, except for posts, which the outbox checks instead); then the job retries later.
    /// </summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>A 429 asking to wait longer than this is not waited out in the call: it fails and its job is put off until Slack's time.</summary>
    [Range(0, 600)]
    public int MaxRetryAfterSeconds { get; set; } = 30;

    /// <summary>Slack allows about one message per second per channel; posts to one channel are spaced this far apart.</summary>
    [Range(0, 60_000)]
    public int ChannelMessageIntervalMs { get; set; } = 1000;

    /// <summary>One attempt's time limit (a job's call; calls made while Slack waits for our answer have <see cref="InRequestBudgetMs"/>).</summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Slack waits 3 s for our answer to an interaction, command or event: every Web API call made
    /// meanwhile (opening a modal, looking a user up) must be done within this, then the work moves to
    /// the inbox and the person is told.
    /// </summary>
    [Range(100, 2500)]
    public int InRequestBudgetMs { get; set; } = 2000;

    /// <summary>How long a Slack user id ↔ email link is trusted before users.lookupByEmail is asked again.</summary>
    [Range(1, 10_080)]
    public int IdentityCacheMinutes { get; set; } = 60;

    /// <summary>
    /// The inbox log is flushed to the disk (fsync) before each acknowledgement: survives a power
    /// cut, costs a disk flush per batch. Off, an acknowledged request survives the process dying.
    /// </summary>
    public bool InboxFlushToDisk { get; set; }

    /// <summary>How many bytes of acknowledged requests the inbox log may hold ahead of the job store before acknowledgements wait too.</summary>
    [Range(1024 * 1024, 1L << 40)]
    public long InboxMaxBacklogBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The inbox log is emptied once the job store has caught up and the log is bigger than this.</summary>
    [Range(0, 1L << 40)]
    public long InboxTruncateBytes { get; set; } = 1024 * 1024;

    public bool Sends => !string.IsNullOrEmpty(BotToken);

    /// <summary>A response_url we may post to: https on Slack's hooks host, or on the host of <see cref="ApiBaseUrl"/> (a fake Slack).</summary>
    public bool IsResponseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && ((uri.Scheme == Uri.UriSchemeHttps && uri.Host == "hooks.slack.com")
            || (Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) && uri.Scheme == api.Scheme && string.Equals(uri.Authority, api.Authority, StringComparison.OrdinalIgnoreCase)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !ApiBaseUrl.EndsWith('/'))
        {
            yield return new ValidationResult("Slack:ApiBaseUrl must be an absolute http(s) URL ending in '/', e.g. https://slack.com/api/", [nameof(ApiBaseUrl)]);
        }
    }
}
