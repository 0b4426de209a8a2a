namespace HandoffBot.Core.Storage;

/// <summary>A handled chat activity as the store keeps it: when it was received, and the invoke answer (null for activities that get none).</summary>
/// <param name="Key">A fixed-length digest of conversation id and activity id (the Teams adapter makes it).</param>
public sealed record ActivityRecord(string Key, DateTimeOffset At, string? Response = null);

/// <summary>
/// The durable side of the Teams duplicate memory: which activities were handled, so a redelivery
/// after a restart (or to another instance) is recognised.
/// </summary>
public interface IActivityLedger
{
    /// <summary>
    /// True when other processes write this ledger at the same time (several instances on one
    /// database): then a process must ask it about every id it has not seen itself, and claim an
    /// activity before handling it (<see cref="TryClaim"/>).
    /// </summary>
    bool Shared { get; }

    ActivityRecord? Find(string key);

    /// <summary>
    /// Shared ledgers: takes the activity for this process (a row "in flight" since <paramref name="at"/>).
    /// False when a record exists that finished at <paramref name="windowStart"/> or later (a duplicate), or
    /// is in flight since <paramref name="staleBefore"/> or later (another instance is handling it); an older
    /// in-flight claim (its instance died) or an older finished record is taken over.
    /// </summary>
    bool TryClaim(string key, DateTimeOffset at, DateTimeOffset staleBefore, DateTimeOffset windowStart);

    /// <summary>Shared ledgers: gives up a claim that did not finish (the activity may be handled again).</summary>
    void Release(string key);

    /// <summary>Stores (or replaces) these records in one transaction, as finished.</summary>
    void Save(IReadOnlyCollection<ActivityRecord> records);

    /// <summary>When the newest record was received; null when there is none.</summary>
    DateTimeOffset? Latest();

    /// <summary>Deletes up to <paramref name="limit"/> records: first those received before <paramref name="before"/>, then the oldest beyond <paramref name="keep"/>. How many went.</summary>
    int Trim(DateTimeOffset before, int keep, int limit);

    int Count();
}
