namespace HandoffBot.Options;

/// <summary>Section "Admin": the admin API.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Bearer key for /api/handoffs, /api/people, /api/jobs. Unset: the admin API refuses everything.</summary>
    public string? ApiKey { get; set; }
}
