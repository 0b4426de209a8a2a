using Microsoft.Extensions.Options;

namespace HandoffBot.Gong;

/// <summary>
/// Gong's "3 API calls per second" for this process: a sliding one-second window over the times the
/// last calls went out; a call that would be the fourth in a second waits (first come, first served)
/// until the oldest of them is a second old. Waits run on the injected <see cref="TimeProvider"/>.
/// Hand-written because System.Threading.RateLimiting replenishes on the wall clock even when told
/// to replenish by hand (tried: a fake clock never released a waiter), so its waits cannot follow the
/// clock the rest of the app and its tests run on.
/// </summary>
public sealed class GongRateLimit(IOptions<GongOptions> options, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly Queue<DateTimeOffset> sent = new();
    private readonly int limit = options?.Value.RequestsPerSecond ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Returns when a call may go out now (and counts it).</summary>
    public async Task WaitTurnAsync(CancellationToken ct)
    {
        await turn.WaitAsync(ct);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (sent.Count > 0 && now - sent.Peek() >= Window)
                {
                    sent.Dequeue();
                }

                if (sent.Count < limit)
                {
                    sent.Enqueue(now);
                    return;
                }

                await Task.Delay(sent.Peek() + Window - now, time, ct);
            }
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();
}

/// <summary>Puts every attempt (retries included) through <see cref="GongRateLimit"/> before it is sent.</summary>
public sealed class GongRateLimitHandler(GongRateLimit limit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await limit.WaitTurnAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
