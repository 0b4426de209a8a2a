using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Notifications;

/// <summary>What an earlier attempt at the same outbound message left behind.</summary>
public enum DeliveryOutcome
{
    /// <summary>Never tried: the key is now reserved, send the message.</summary>
    New,

    /// <summary>Sent before (a retry, or catch-up after a crash): do not send again.</summary>
    AlreadySent,

    /// <summary>An attempt reserved the key and never said how it ended (the process died mid-send).</summary>
    InDoubt,
}

public enum DeliveryState
{
    Sending,
    Sent,
}

public sealed record DeliveryClaim(DeliveryOutcome Outcome, MessageRef? Message = null);

public sealed record DeliveryRecord(string Key, DeliveryState State, DateTimeOffset Since, MessageRef? Message);

/// <summary>
/// The outbound idempotency log: every proactive message has a key, reserved here before the
/// platform is called and confirmed after, so a retry or a catch-up after downtime never sends a
/// message twice. See docs/timing.md for the at-most-once / at-least-once trade-off.
/// </summary>
public interface IDeliveryLog
{
    /// <summary>Reserves <paramref name="key"/> for a send, or says what an earlier attempt did.</summary>
    Task<DeliveryClaim> BeginAsync(string key, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The platform accepted the message.</summary>
    Task SentAsync(string key, MessageRef? message, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The platform refused or could not be reached: the message was not sent, a retry may send it.</summary>
    Task ReleaseAsync(string key, CancellationToken ct = default);

    Task<IReadOnlyList<DeliveryRecord>> ListAsync(DeliveryState? state, int limit, CancellationToken ct = default);
}
