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
    /// <summary>Runs started (a claim alone does not count).</summary>
    public int Attempts { get; init; }

    /// <summary>Times the job was put off because a platform asked us to wait (not counted as attempts).</summary>
    public int Deferrals { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// A plan this job belongs to (e.g. "HO-1:sla"). Storing a batch that names a group makes the
    /// batch the group's whole plan: its pending jobs not in the batch are cancelled, pending or
    /// cancelled jobs with a key in the batch take the batch's due time, and jobs that already ran
    /// stay as they are. So re-planning never loses a job that is still owed and never doubles one.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>True for the marker <see cref="EmptyGroup"/> returns; markers are never stored.</summary>
    public bool IsGroupMarker => Kind == GroupMarkerKind;

    private const string GroupMarkerKind = "group.empty";

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

    /// <summary>A job that is part of the plan <paramref name="group"/> (see <see cref="Group"/>).</summary>
    public static ScheduledJob InGroup(string group, string kind, string? handoffId, DateTimeOffset dueAt, string idempotencyKey, DateTimeOffset now, string? payload = null) =>
        Create(kind, handoffId, dueAt, idempotencyKey, now, payload) with { Group = group };

    /// <summary>Says "the plan <paramref name="group"/> is now empty": its pending jobs are cancelled.</summary>
    public static ScheduledJob EmptyGroup(string group, string? handoffId, DateTimeOffset now) =>
        Create(GroupMarkerKind, handoffId, now, "group-marker:" + group, now) with { Group = group };
}
