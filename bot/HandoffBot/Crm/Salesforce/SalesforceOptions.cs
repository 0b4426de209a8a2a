using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Crm.Salesforce;

/// <summary>Section "Salesforce": Outbound Messages at POST /api/crm/salesforce and the REST API it reads opportunities from.</summary>
public sealed class SalesforceOptions : IValidatableObject
{
    public const string Section = "Salesforce";

    /// <summary>The org's id (15 or 18 characters). Unset: the endpoint refuses every message.</summary>
    public string? OrganizationId { get; set; }

    /// <summary>
    /// An unguessable value the Outbound Message's endpoint URL carries as <c>?token=…</c>. The org id
    /// is not a secret (anyone can point another org at the endpoint), so set this too. Empty: not required.
    /// </summary>
    public string? EndpointToken { get; set; }

    /// <summary>The org's My Domain URL, e.g. https://acme.my.salesforce.com (client credentials need it).</summary>
    public string? LoginUrl { get; set; }

    /// <summary>Consumer key of the external client app with the client credentials flow.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    [RegularExpression("^[0-9]{2,3}\\.0$")]
    public string ApiVersion { get; set; } = "62.0";

    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Tries per API call (5xx and an expired token retried inside the call); then the job retries later.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    [Range(1, 300)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    public bool Receives => !string.IsNullOrEmpty(OrganizationId);

    public bool Reads => !string.IsNullOrEmpty(LoginUrl) && !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(LoginUrl) && !(Uri.TryCreate(LoginUrl, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
        {
            yield return new ValidationResult("Salesforce__LoginUrl must be the org's My Domain URL, e.g. https://acme.my.salesforce.com", [nameof(LoginUrl)]);
        }

        if (!string.IsNullOrEmpty(OrganizationId) && Core.Crm.SalesforceId.Normalize(OrganizationId) is null)
        {
            yield return new ValidationResult("Salesforce__OrganizationId must be the org's 15- or 18-character id (Setup → Company Information)", [nameof(OrganizationId)]);
        }
    }
}
