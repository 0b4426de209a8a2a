using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Playbook".</summary>
public sealed class PlaybookOptions
{
    public const string Section = "Playbook";

    /// <summary>The playbook YAML. Relative paths: the working directory first, then the app's folder (where the default ships).</summary>
    [Required]
    public string Path { get; set; } = "playbook.yaml";
}
