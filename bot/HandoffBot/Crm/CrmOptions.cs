using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Crm;

/// <summary>Section "Crm": what both native CRM intakes share.</summary>
public sealed class CrmOptions
{
    public const string Section = "Crm";

    /// <summary>
    /// The field mapping (which CRM property feeds which deal field). Relative paths: the working
    /// directory first, then the app's folder. At the default path and absent: the built-in mapping.
    /// </summary>
    [Required]
    public string MappingPath { get; set; } = DefaultMappingPath;

    public const string DefaultMappingPath = "crm-mapping.yaml";

    /// <summary>
    /// How long after an event arrived its job keeps being retried while the CRM is down or refuses
    /// (beyond the job runner's own attempts). HubSpot and Salesforce retry for 24 hours themselves.
    /// </summary>
    [Range(0, 24 * 30)]
    public int RetryForHours { get; set; } = 72;
}
