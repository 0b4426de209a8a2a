using HandoffBot.Core.Storage;
using HandoffBot.Core.Timing;

namespace HandoffBot.Timing;

/// <summary>
/// At start-up every digest recipient gets their next weekly digest planned (kept when still valid) —
/// by one instance at a time on a shared database — and this instance starts following playbook
/// reloads made on the others.
/// </summary>
public sealed class TimingStartup(DigestSchedule digests, PlaybookReloader reloader, IChangeFeed changes, IClusterLock cluster) : IHostedService, IDisposable
{
    private IDisposable? following;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        following = changes.Subscribe(ChangeTopics.Playbook, async ct => await reloader.FollowAsync(ct));
        await cluster.TryRunAsync("digest-schedule", digests.EnsureAsync, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        following?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => following?.Dispose();
}
