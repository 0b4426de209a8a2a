using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Storage;

/// <summary>
/// Where requests that must be answered at once (Slack's 3 seconds) leave their work: when
/// <see cref="AcceptAsync"/> returns, the job survives this process dying and reaches the job store
/// (its idempotency key makes a retried request one job). LiteDB: a log file beside the data file,
/// moved into the store behind the acknowledgements; PostgreSQL: the shared job table itself, so an
/// acknowledgement by any instance survives that instance.
/// </summary>
public interface IJobInbox
{
    Task AcceptAsync(ScheduledJob job, CancellationToken ct);

    /// <summary>Completes when every job accepted so far is in the job store (tests run jobs after this).</summary>
    Task WhenMovedAsync();
}
