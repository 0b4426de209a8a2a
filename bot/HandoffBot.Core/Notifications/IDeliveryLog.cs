using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Notifications;

/// <summary>What an earlier attempt at the same outbound message left behind, found when reserving its key.</summary>
public enum DeliveryOutcome
{
    /// <summary>Never tried: the key is now reserved, send the message.</summary>
    New,

    /// <summary>Sent before (a retry, or catch-up after a crash): do not send again.</summary>
    AlreadySent,

    /// <summary>
    /// An earlier attempt reserved the key right before the platform call and never said how it
    /// ended (the process died mid-call, or the call timed out): the platform may have the message.
    /// </summary>
    InDoubt,
}

public enum DeliveryState
{
    /// <summary>Reserved right before a platform call whose outcome is not known (yet): in doubt.</summary>
    Sending,
    Sent,
}

/// <param name="Since">For <see cref="DeliveryOutcome.InDoubt"/>: when the first attempt reserved the key (where a look-up for it starts).</param>
public sealed record DeliveryClaim(DeliveryOutcome Outcome, MessageRef? Message = null, DateTimeOffset? Since = null);

public sealed record DeliveryRecord(string Key, DeliveryState State, DateTimeOffset Since, MessageRef? Message);

/// <summary>
/// The outbound idempotency log: every proactive message has a key, reserved here right before
/// the one platform call that may deliver it and confirmed after, so a retry or a catch-up after
/// downtime never sends a known message twice. See <see cref="OutboundMessage"/> and docs/timing.md.
/// </summary>
public interface IDeliveryLog
{
    Task<DeliveryRecord?> FindAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Reserves <paramref name="key"/> for a send (new: <c>sending</c> since <paramref name="now"/>), or
    /// says what an earlier attempt did. A reservation found keeps its first time: a look-up for the
    /// earlier send must start there however many attempts followed.
    /// </summary>
    Task<DeliveryClaim> BeginAsync(string key, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The platform has the message.</summary>
    Task SentAsync(string key, MessageRef message, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The platform answered and refused: not sent. Only for a reservation this attempt made (<see cref="DeliveryOutcome.New"/>).</summary>
    Task ReleaseAsync(string key, CancellationToken ct = default);

    Task<IReadOnlyList<DeliveryRecord>> ListAsync(DeliveryState? state, int limit, CancellationToken ct = default);
}
