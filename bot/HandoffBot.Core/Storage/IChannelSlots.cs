namespace HandoffBot.Core.Storage;

/// <summary>
/// Spacing of posts to one chat channel, shared by every instance that posts to it: each post reserves
/// the channel's next free slot (at least <c>interval</c> after the previous one) and waits for it.
/// </summary>
public interface IChannelSlots
{
    /// <summary>Reserves the next slot of <paramref name="channel"/> at or after <paramref name="now"/>; returns when it is.</summary>
    Task<DateTimeOffset> ReserveAsync(string channel, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default);
}
