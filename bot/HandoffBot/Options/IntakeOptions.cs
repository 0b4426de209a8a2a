using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Intake": the signed CRM webhook.</summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>HMAC key shared with the CRM. Unset: the webhook refuses every request (fail closed).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Largest accepted body; larger requests get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Characters of notes and transcripts one deal may hold in all (every path: webhook, CSV import,
    /// uploads). What would go over is refused with a 422 naming the limit; the deal is still taken in.
    /// At most 4,000,000 so a deal's stored document stays well under LiteDB's 16 MB.
    /// </summary>
    [Range(1_000, 4_000_000)]
    public int MaxSourceCharsPerDeal { get; set; } = Core.Handoffs.SourceLimit.DefaultMaxCharsPerDeal;

    /// <summary>How far the signed timestamp may be from now, either way.</summary>
    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;
}
