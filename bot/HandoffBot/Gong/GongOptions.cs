using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Gong;

/// <summary>
/// Section "Gong": pulling call transcripts from Gong's API with an access key (Gong: Company
/// settings → Ecosystem → API → Create access key). Without key and secret the integration is off.
/// </summary>
public sealed class GongOptions : IValidatableObject
{
    public const string Section = "Gong";

    /// <summary>Your tenant's API base URL, shown beside the access key (e.g. https://us-12345.api.gong.io/).</summary>
    public string ApiBaseUrl { get; set; } = "https://api.gong.io/";

    public string? AccessKey { get; set; }

    /// <summary>A secret: environment variable or secret store only.</summary>
    public string? AccessKeySecret { get; set; }

    /// <summary>Gong allows 3 calls a second per company; calls beyond wait their turn here.</summary>
    [Range(1, 100)]
    public int RequestsPerSecond { get; set; } = 3;

    /// <summary>Retries inside one pull on 429 (after Retry-After), 5xx and broken connections; then the durable job retries later.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>A 429 asking for a longer wait fails the pull at once; its job retries later.</summary>
    [Range(1, 3600)]
    public int MaxRetryAfterSeconds { get; set; } = 60;

    /// <summary>One HTTP attempt longer than this is abandoned (and retried).</summary>
    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(AccessKey) && !string.IsNullOrWhiteSpace(AccessKeySecret);

    public Uri BaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult($"Gong:ApiBaseUrl '{ApiBaseUrl}' is not an http(s) URL (your tenant's, e.g. https://us-12345.api.gong.io/).", [nameof(ApiBaseUrl)]);
        }

        if (string.IsNullOrWhiteSpace(AccessKey) != string.IsNullOrWhiteSpace(AccessKeySecret))
        {
            yield return new ValidationResult("Set both Gong:AccessKey and Gong:AccessKeySecret (or neither, to leave Gong off).", [nameof(AccessKey), nameof(AccessKeySecret)]);
        }
    }
}
