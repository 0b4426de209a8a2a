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
