using System.Collections.Concurrent;
using HandoffBot.Core.Storage;

namespace HandoffBot.Storage;

/// <summary>One process owns the LiteDB file: there are no other instances to tell.</summary>
public sealed class LocalChangeFeed : IChangeFeed
{
    public Task PublishAsync(string topic, CancellationToken ct = default) => Task.CompletedTask;

    public IDisposable Subscribe(string topic, Func<CancellationToken, Task> handler) => new Nothing();

    private sealed class Nothing : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>One process owns the LiteDB file: a lock in this process is a lock everywhere.</summary>
public sealed class LocalClusterLock : IClusterLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    public async Task<bool> TryRunAsync(string name, Func<CancellationToken, Task> work, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var gate = locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, ct))
        {
            return false;
        }

        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
