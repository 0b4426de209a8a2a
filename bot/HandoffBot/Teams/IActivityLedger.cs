namespace HandoffBot.Teams;

/// <summary>A handled activity as the data file keeps it: when it was received, and the invoke answer (null for activities that get none).</summary>
/// <param name="Key">A fixed-length digest of conversation id and activity id (<see cref="DuplicateActivities"/> makes it).</param>
public sealed record ActivityRecord(string Key, DateTimeOffset At, string? Response = null);

/// <summary>
/// The durable side of <see cref="DuplicateActivities"/>: which Teams activities were handled, so a
/// redelivery after a restart is recognised. Small on purpose; storage moves behind ports later and
/// this is the whole of what it needs.
/// </summary>
public interface IActivityLedger
{
    ActivityRecord? Find(string key);

    /// <summary>Stores (or replaces) these records in one transaction.</summary>
    void Save(IReadOnlyCollection<ActivityRecord> records);

    /// <summary>When the newest record was received; null when there is none.</summary>
    DateTimeOffset? Latest();

    /// <summary>Deletes up to <paramref name="limit"/> records: first those received before <paramref name="before"/>, then the oldest beyond <paramref name="keep"/>. How many went.</summary>
    int Trim(DateTimeOffset before, int keep, int limit);

    int Count();
}
