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

    /// <summary>How far the signed timestamp may be from now, either way.</summary>
    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;
}
