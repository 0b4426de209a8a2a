using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace HandoffBot.Gong;

/// <summary>
/// Gong's "3 API calls per second" for this process: a sliding one-second window
/// (System.Threading.RateLimiting) whose segments are advanced by a timer on the injected
/// <see cref="TimeProvider"/>, so waits follow the test clock too. Calls over the limit queue, oldest
/// first; one cancelled while waiting gives its place up.
/// </summary>
public sealed class GongRateLimit : IDisposable
{
    private const int Segments = 4;
    private readonly SlidingWindowRateLimiter limiter;
    private readonly ITimer timer;

    public GongRateLimit(IOptions<GongOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var window = TimeSpan.FromSeconds(1);
        limiter = new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.Value.RequestsPerSecond,
            Window = window,
            SegmentsPerWindow = Segments,
            AutoReplenishment = false,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var tick = window / Segments;
        timer = time.CreateTimer(_ => limiter.TryReplenish(), null, tick, tick);
    }

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct) => limiter.AcquireAsync(1, ct);

    public void Dispose()
    {
        timer.Dispose();
        limiter.Dispose();
    }
}
