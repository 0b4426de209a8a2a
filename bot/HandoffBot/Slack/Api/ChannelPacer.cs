using HandoffBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack.Api;

/// <summary>
/// Spaces messages to one channel at least <see cref="SlackOptions.ChannelMessageIntervalMs"/> apart
/// (Slack's "about one message per second per channel"). Each caller reserves the next free slot
/// (<see cref="IChannelSlots"/>: in memory with LiteDB, in the database shared by every instance with
/// PostgreSQL) and waits for it on the injected clock.
/// </summary>
public sealed class ChannelPacer(IOptions<SlackOptions> options, IChannelSlots slots, TimeProvider time)
{
    private readonly TimeSpan interval = TimeSpan.FromMilliseconds(options.Value.ChannelMessageIntervalMs);

    public async Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var now = time.GetUtcNow();
        var wait = await slots.ReserveAsync(channel, now, interval, ct) - now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct);
        }
    }
}
