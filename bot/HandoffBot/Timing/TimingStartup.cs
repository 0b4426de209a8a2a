using HandoffBot.Core.Timing;

namespace HandoffBot.Timing;

/// <summary>At start-up every digest recipient gets their next weekly digest planned (kept when still valid).</summary>
public sealed class TimingStartup(DigestSchedule digests) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => digests.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
