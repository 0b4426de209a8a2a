namespace HandoffBot.Core.Handoffs;

/// <summary>What the CRM knows about the closed-won deal.</summary>
public sealed record Deal
{
    public required string CrmId { get; init; }
    public required string AccountName { get; init; }
    public decimal Arr { get; init; }
    public required string Currency { get; init; }
    public string? Segment { get; init; }
    public DateOnly CloseDate { get; init; }
    public Uri? CrmUrl { get; init; }
    public string? CustomerTimeZone { get; init; }
    public required string AeEmail { get; init; }
    public string? CsmEmail { get; init; }
}

public sealed record Note(string Id, string? Author, DateTimeOffset? CreatedAt, string Text);

public enum TranscriptFormat
{
    Text,
    Vtt,
    Srt,
    Json,
}

public sealed record Transcript(string Id, TranscriptFormat Format, DateTimeOffset? RecordedAt, string Content);
