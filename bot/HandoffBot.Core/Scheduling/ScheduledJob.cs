namespace HandoffBot.Core.Scheduling;

public enum JobStatus
{
    Pending,
    Running,
    Done,
    Failed,
    Cancelled,
}

/// <summary>
/// Something to do at a time: a notification to send, a clock to check. Durable; the idempotency
/// key makes enqueueing the same intent twice a no-op.
/// </summary>
public sealed record ScheduledJob
{
    public required string Id { get; init; }
    public required string Kind { get; init; }
    public string? HandoffId { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>Kind-specific arguments (JSON or plain text). Never logged.</summary>
    public string? Payload { get; init; }

    public JobStatus Status { get; init; } = JobStatus.Pending;
    public int Attempts { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public static ScheduledJob Create(string kind, string? handoffId, DateTimeOffset dueAt, string idempotencyKey, DateTimeOffset now, string? payload = null) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Kind = kind,
        HandoffId = handoffId,
        DueAt = dueAt,
        IdempotencyKey = idempotencyKey,
        Payload = payload,
        CreatedAt = now,
    };
}
