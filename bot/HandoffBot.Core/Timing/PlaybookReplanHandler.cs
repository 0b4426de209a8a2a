using System.Text.Json;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Playbooks;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>What a playbook reload asks to be re-planned.</summary>
public sealed record PlaybookChange(string Fingerprint, DateTimeOffset ChangedAt);

/// <summary>
/// After a playbook reload that changed timing: every handoff with a running clock or pending polls
/// gets its due time worked out again and its plans replaced, each in its own save (so a crash
/// half-way resumes where it stopped: handoffs already done are skipped by the fingerprint), then
/// the digest schedule follows the new cron.
/// </summary>
public sealed class PlaybookReplanHandler(HandoffService handoffs, IHandoffScan scan, DigestSchedule digests) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TimingJobs.PlaybookReplan];

    public static ScheduledJob JobFor(PlaybookChange change, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ScheduledJob.Create(TimingJobs.PlaybookReplan, null, now, $"playbook:{change.Fingerprint}:{change.ChangedAt.ToUnixTimeMilliseconds()}", now, JsonSerializer.Serialize(change));
    }

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var change = JsonSerializer.Deserialize<PlaybookChange>(job.Payload ?? "null")
            ?? throw new PermanentJobFailure("Empty playbook change.");
        if (PlaybookTiming.Fingerprint(handoffs.Playbook) != change.Fingerprint)
        {
            return; // reloaded again since: that reload's job re-plans
        }

        var ids = new List<string>();
        await foreach (var h in scan.ScanAsync(ct))
        {
            if (h.Stage is not (Stage.Intake or Stage.Outcome) || HasPendingPolls(h, handoffs.Playbook))
            {
                ids.Add(h.Id);
            }
        }

        foreach (var id in ids)
        {
            await handoffs.ExecuteAsync(id, (h, clock) => h.ApplyPlaybookClock(clock, change.Fingerprint, change.ChangedAt), ct);
        }

        await digests.EnsureAsync(ct);
    }

    private static bool HasPendingPolls(Handoff h, Playbook playbook) =>
        h.KickoffHeldOn is not null && playbook.Polls.DaysAfterKickoff.Any(d => h.PollAnswers.All(a => a.DayOffset != d));
}
