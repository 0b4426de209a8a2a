namespace HandoffBot.Core.Handoffs;

/// <summary>
/// One immutable line of a handoff's audit trail: who, what, when, why. <see cref="Event"/> and
/// <see cref="Data"/> are how it is stored and shown (stable names); code reads <see cref="Change"/>.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Event,
    string? Details = null,
    IReadOnlyDictionary<string, string>? Data = null)
{
    /// <summary>What happened, typed (read back from <see cref="Event"/> and <see cref="Data"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public HandoffEvent Change { get; } = HandoffEvent.Parse(Event, Data);

    public static AuditEntry Of(DateTimeOffset at, string actor, HandoffEvent change, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new AuditEntry(at, actor, change.Name, details, change.ToData());
    }
}

public enum RejectionReason
{
    MissingContext,
    InaccurateContext,
    WrongSegment,
    WrongCsm,
    NoCapacity,
    Other,
}

public sealed record Rejection(RejectionReason Reason, string Comment, string By, DateTimeOffset At);

public sealed record Question(string Id, string Text, string AskedBy, DateTimeOffset AskedAt, string? Answer = null, string? AnsweredBy = null, DateTimeOffset? AnsweredAt = null)
{
    public bool IsOpen => Answer is null;
}

public enum SyncMode
{
    Meeting,
    Async,
}

public enum DealMatch
{
    Yes,
    Partly,
    No,
}

public enum OutcomeKind
{
    FirstValue,
    Renewal,
    Expansion,
    Churn,
}

public sealed record PollAnswer(
    int DayOffset,
    DealMatch MatchedWhatWasSold,
    int ExpectationsRealistic,
    DateOnly? FirstValueOn,
    Severity ChurnRisk,
    string? Comment,
    string By,
    DateTimeOffset At);

public sealed record OutcomeRecord(OutcomeKind Kind, DateOnly On, string By, DateTimeOffset At, string? Details = null);

/// <summary>A message the bot posted that it may update later (the brief, the AE's form).</summary>
public sealed record MessageRef(ChatPlatform Platform, string Conversation, string MessageId);

/// <summary>Who owns the AE-side and CS-lead stages of this handoff; set at intake from the directory and playbook.</summary>
public sealed record Routing(string AeOwnerEmail, OwnerRole AeOwnerRole, string CsLeadEmail);
