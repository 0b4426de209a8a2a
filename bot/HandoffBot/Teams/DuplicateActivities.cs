using System.Collections.Concurrent;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Teams redelivers an activity when our answer was slow or lost; each activity id (per
/// conversation) is processed once within <see cref="TeamsOptions.DuplicateWindow"/>. An invoke's
/// response is kept so the redelivery gets the same answer.
/// </summary>
public sealed class DuplicateActivities(IOptions<TeamsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> seen = new(StringComparer.Ordinal);
    private long lastSweep;

    /// <summary>True when the key is new (the caller processes it); false with the earlier answer, if any, for a duplicate.</summary>
    public bool TryBegin(string key, out InvokeResponse? earlier)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        var entry = new Entry(now);
        var stored = seen.GetOrAdd(key, entry);
        if (ReferenceEquals(stored, entry) || now - stored.At > options.Value.DuplicateWindow)
        {
            seen[key] = entry;
            earlier = null;
            return true;
        }

        earlier = stored.Response;
        return false;
    }

    public void Complete(string key, InvokeResponse? response)
    {
        if (seen.TryGetValue(key, out var entry))
        {
            entry.Response = response;
        }
    }

    /// <summary>Processing failed before anything happened: a redelivery should be processed.</summary>
    public void Forget(string key) => seen.TryRemove(key, out _);

    private void Sweep(DateTimeOffset now)
    {
        var window = options.Value.DuplicateWindow;
        var last = Interlocked.Read(ref lastSweep);
        if (now.UtcTicks - last < window.Ticks || Interlocked.CompareExchange(ref lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in seen)
        {
            if (now - entry.At > window)
            {
                seen.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public InvokeResponse? Response { get; set; }
    }
}
