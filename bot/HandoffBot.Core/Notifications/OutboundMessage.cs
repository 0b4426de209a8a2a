using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Notifications;

/// <summary>How the outbox treats a message in doubt that the platform cannot be asked about (Teams).</summary>
/// <param name="ResendInDoubt">true (default): send it again, at least once; false: do not, and fail the job visibly.</param>
public sealed record DeliveryPolicy(bool ResendInDoubt = true);

/// <summary>What a platform says about an earlier attempt at a message whose outcome was never recorded.</summary>
public sealed record EarlierSend(MessageRef? Message, bool Checked)
{
    public static EarlierSend NotFound { get; } = new(null, true);

    /// <summary>The platform could not be asked (no such look-up, or it was refused): the outbox policy decides.</summary>
    public static EarlierSend CannotTell { get; } = new(null, false);

    public static EarlierSend Found(MessageRef message) => new(message, true);
}

/// <summary>
/// One proactive message on its way out, handed by the <see cref="Outbox"/> to a notifier. The
/// notifier prepares freely — looks the person up, opens the DM, waits for the channel's turn,
/// renders — because none of that can deliver anything: a failure or a crash there is plainly
/// retried. Right before the one call that may deliver, it calls <see cref="DeliverAsync"/>, which
/// reserves the key, makes the call and records the result. So a message is "in doubt" only when
/// bytes may have left for the platform, and then the platform is asked before sending again.
/// </summary>
public sealed class OutboundMessage
{
    private readonly IDeliveryLog log;
    private readonly TimeProvider time;
    private readonly DeliveryPolicy policy;

    internal OutboundMessage(string key, IDeliveryLog log, TimeProvider time, DeliveryPolicy policy)
    {
        Key = key;
        this.log = log;
        this.time = time;
        this.policy = policy;
        Tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    /// <summary>The outbox key (it names handoffs and people: never shown to a platform as is).</summary>
    public string Key { get; }

    /// <summary>A digest of <see cref="Key"/> to stamp on the platform's copy (e.g. Slack message metadata) and find it by later.</summary>
    public string Tag { get; }

    /// <summary>True once this message's outcome is in the log (sent, or found sent).</summary>
    public bool Recorded { get; private set; }

    /// <summary>Another message sent as part of this one (e.g. a note before a forwarded message), with its own key.</summary>
    public OutboundMessage Part(string name) => new(Key + "/" + name, log, time, policy);

    /// <param name="send">The one platform call that may deliver the message.</param>
    /// <param name="refused">True for a failure of <paramref name="send"/> that proves the platform did not take it (it answered and refused).</param>
    /// <param name="findEarlier">Looks for the copy an earlier, cut-off attempt may have delivered, from the given time on; null when the platform has no such look-up.</param>
    public async Task<MessageRef> DeliverAsync(
        Func<CancellationToken, Task<MessageRef>> send,
        Func<Exception, bool> refused,
        Func<DateTimeOffset, CancellationToken, Task<EarlierSend>>? findEarlier,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(refused);
        var claim = await log.BeginAsync(Key, time.GetUtcNow(), ct);
        if (claim.Outcome == DeliveryOutcome.AlreadySent && claim.Message is { } known)
        {
            Recorded = true;
            return known;
        }

        if (claim.Outcome == DeliveryOutcome.InDoubt)
        {
            var earlier = findEarlier is null ? EarlierSend.CannotTell : await findEarlier(claim.Since ?? time.GetUtcNow(), ct);
            if (earlier.Message is { } found)
            {
                await RecordAsync(found);
                return found;
            }

            if (!earlier.Checked && !policy.ResendInDoubt)
            {
                throw new PermanentJobFailure(
                    $"The message is in doubt since {claim.Since:u}: an attempt was cut off mid-send and the platform cannot be asked whether it arrived. "
                    + "Not sent again (Scheduler__ResendInDoubt=false); see GET /api/deliveries?state=sending.");
            }

            // Not there (or nobody can tell and at-least-once is wanted): send again. The reservation keeps its first time.
        }

        MessageRef sent;
        try
        {
            sent = await send(ct);
        }
        catch (Exception ex) when (claim.Outcome == DeliveryOutcome.New && refused(ex))
        {
            await log.ReleaseAsync(Key, CancellationToken.None);
            throw;
        }

        // Cut off from here on, the platform has it but the log does not: the next attempt finds it in doubt.
        await RecordAsync(sent);
        return sent;
    }

    internal async Task RecordAsync(MessageRef message)
    {
        await log.SentAsync(Key, message, time.GetUtcNow(), CancellationToken.None);
        Recorded = true;
    }
}
