using Microsoft.Extensions.Options;

namespace HandoffBot.Slack.Api;

/// <summary>
/// Spaces messages to one channel at least <see cref="SlackOptions.ChannelMessageIntervalMs"/> apart
/// (Slack's "about one message per second per channel"). Each caller reserves the next free slot
/// and waits for it on the injected clock.
/// </summary>
public sealed class ChannelPacer(IOptions<SlackOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> nextSlot = new(StringComparer.Ordinal);
    private readonly TimeSpan interval = TimeSpan.FromMilliseconds(options.Value.ChannelMessageIntervalMs);

    public async Task WaitTurnAsync(string channel, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (nextSlot.Count > 10_000)
            {
                foreach (var stale in nextSlot.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    nextSlot.Remove(stale);
                }
            }

            var slot = nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            nextSlot[channel] = slot + interval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct);
        }
    }
}
