using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Core.Timing;
using HandoffBot.Hosting;

namespace HandoffBot.Timing;

public sealed record ReloadResult(bool Reloaded, bool TimingChanged, string Fingerprint, IReadOnlyList<string> Problems);

/// <summary>
/// Swaps in an edited playbook (admin endpoint or file watcher). When its timing changed, a durable
/// re-plan job is stored: pending reminders, escalations, intros, polls and digests follow the new
/// rules, and none is lost or doubled (see docs/timing.md). The other instances on a shared database
/// are told (<see cref="IChangeFeed"/>) and reload their file too (<see cref="FollowAsync"/>).
/// </summary>
public sealed partial class PlaybookReloader(PlaybookProvider playbooks, IJobStore jobs, IJobSignal signal, IChangeFeed changes, TimeProvider time, ILogger<PlaybookReloader> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public Task<ReloadResult> ReloadAsync(CancellationToken ct = default) => ReloadAsync(follower: false, ct);

    /// <summary>Another instance reloaded: read the file again here. That instance planned the re-plan job and told everybody.</summary>
    public Task<ReloadResult> FollowAsync(CancellationToken ct = default) => ReloadAsync(follower: true, ct);

    private async Task<ReloadResult> ReloadAsync(bool follower, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var before = PlaybookTiming.Fingerprint(playbooks.Current);
            var (_, problems) = playbooks.Reload();
            if (problems.Count > 0)
            {
                LogRefused(logger, playbooks.Path, problems.Count);
                return new ReloadResult(false, false, before, problems);
            }

            var after = PlaybookTiming.Fingerprint(playbooks.Current);
            var changed = after != before;
            if (!follower)
            {
                await changes.PublishAsync(ChangeTopics.Playbook, ct);
            }

            if (changed && !follower)
            {
                var now = time.GetUtcNow();
                await jobs.EnqueueAsync([PlaybookReplanHandler.JobFor(new PlaybookChange(after, now), now)], ct);
                signal.Wake();
            }

            LogReloaded(logger, playbooks.Path, changed, after);
            return new ReloadResult(true, changed, after, []);
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Playbook {Path} reloaded; timing changed: {Changed} (timing {Fingerprint})")]
    private static partial void LogReloaded(ILogger logger, string path, bool changed, string fingerprint);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Playbook {Path} not reloaded: {Count} problem(s); the playbook in force stays. POST /api/playbook/reload lists them")]
    private static partial void LogRefused(ILogger logger, string path, int count);
}
