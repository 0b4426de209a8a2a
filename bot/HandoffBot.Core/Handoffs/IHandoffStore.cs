using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Handoffs;

public sealed record HandoffQuery(Stage? Stage = null, string? OwnerEmail = null, string? Text = null, bool OpenOnly = false, int Limit = 200);

public interface IHandoffStore
{
    Task<Handoff?> GetAsync(string id, CancellationToken ct = default);

    Task<Handoff?> FindByCrmIdAsync(string crmId, CancellationToken ct = default);

    Task<IReadOnlyList<Handoff>> QueryAsync(HandoffQuery query, CancellationToken ct = default);

    /// <summary>
    /// Saves the handoff (insert when its version is 0) and enqueues the jobs in one transaction.
    /// Throws <see cref="ConcurrencyException"/> when somebody saved it since it was read.
    /// </summary>
    Task SaveAsync(Handoff handoff, IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default);
}

/// <summary>The handoff changed since it was read; reload and retry the command.</summary>
public sealed class ConcurrencyException(string message) : Exception(message);

/// <summary>A second handoff for the same CRM id (a race between two intakes).</summary>
public sealed class DuplicateCrmIdException(string crmId) : Exception($"A handoff for CRM deal {crmId} already exists.")
{
    public string CrmId { get; } = crmId;
}

/// <summary>
/// The handoff would not fit in one stored document (LiteDB refuses documents over 16 MB): nothing
/// was saved. The per-deal <see cref="SourceLimit"/> keeps this from happening; this is the store's
/// own guard, so that no path ends in a server error.
/// </summary>
public sealed class HandoffTooLargeException(string handoffId, long bytes, long maxBytes)
    : DomainException("too-large", FormattableString.Invariant($"Handoff {handoffId} would take {bytes:N0} bytes stored, more than the {maxBytes:N0} one stored handoff may take; nothing was saved. Remove or shorten notes and transcripts."))
{
    public string HandoffId { get; } = handoffId;
}
