using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Timing": links in cards, playbook reloads.</summary>
public sealed class TimingOptions
{
    public const string Section = "Timing";

    /// <summary>How people's browsers reach this bot; the .ics invite and the digest chart links start with it.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>Signs those links. Unset: a random key is made once and kept in the LiteDB file.</summary>
    public string? LinkSigningKey { get; set; }

    /// <summary>How long a link in a card keeps working.</summary>
    [Range(1, 3650)]
    public int LinkLifetimeDays { get; set; } = 90;

    /// <summary>Reload the playbook when its file changes (an invalid edit is refused and logged).</summary>
    public bool WatchPlaybook { get; set; } = true;
}
