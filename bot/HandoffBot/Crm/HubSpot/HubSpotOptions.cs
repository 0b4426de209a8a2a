using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Crm.HubSpot;

/// <summary>Section "HubSpot": the webhook at POST /api/crm/hubspot and the CRM API it reads deals from.</summary>
public sealed class HubSpotOptions : IValidatableObject
{
    public const string Section = "HubSpot";

    /// <summary>The app's client secret, which signs HubSpot's requests. Unset: the endpoint refuses every request.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A private app's access token (Bearer) for the CRM API. Unset: events are kept and wait.</summary>
    public string? AccessToken { get; set; }

    [Required]
    [Url]
    public string ApiBaseUrl { get; set; } = "https://api.hubapi.com/";

    /// <summary>
    /// The scheme and host HubSpot calls (e.g. https://bot.example.com), plus any path prefix a proxy
    /// strips. Signatures cover the URL HubSpot called, which the bot cannot see behind a proxy.
    /// Unset: the URL of the request as it reached the bot.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Only events of this HubSpot account (portal id) are taken; unset: any account the secret signs for.</summary>
    public string? PortalId { get; set; }

    /// <summary>Oldest signature version accepted: v1 and v2 carry no timestamp, so replays are only deduplicated, not refused.</summary>
    [RegularExpression("^v[123]$")]
    public string MinSignatureVersion { get; set; } = "v1";

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>v3 signatures older than this are refused (HubSpot: 5 minutes).</summary>
    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>Tries per API call (429 and 5xx retried inside the call); then the job retries later.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 15;

    /// <summary>How long stage metadata of the deal pipelines is kept before it is read again.</summary>
    [Range(0, 86400)]
    public int PipelineCacheSeconds { get; set; } = 300;

    public bool Receives => !string.IsNullOrEmpty(ClientSecret);

    public bool Reads => !string.IsNullOrEmpty(AccessToken);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PublicUrl) && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
        {
            yield return new ValidationResult("HubSpot__PublicUrl must be an absolute http(s) URL such as https://bot.example.com", [nameof(PublicUrl)]);
        }
    }
}
