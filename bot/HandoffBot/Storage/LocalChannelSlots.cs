using HandoffBot.Core.Storage;

namespace HandoffBot.Storage;

/// <summary>Channel slots in this process's memory: with LiteDB there is only one process posting.</summary>
public sealed class LocalChannelSlots : IChannelSlots
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> nextSlot = new(StringComparer.Ordinal);

    public Task<DateTimeOffset> ReserveAsync(string channel, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (nextSlot.Count > 10_000)
            {
                foreach (var stale in nextSlot.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    nextSlot.Remove(stale);
                }
            }

            var slot = nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            nextSlot[channel] = slot + interval;
            return Task.FromResult(slot);
        }
    }
}
