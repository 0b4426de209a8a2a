using Cronos;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>
/// The weekly digest: one job per recipient at the playbook's cron, evaluated in the recipient's own
/// time zone (so "Monday 08:00" is eight in the morning for each leader, across DST changes).
/// Each run schedules the next; after downtime only the missed one runs, then the schedule resumes.
/// </summary>
public sealed class DigestSchedule(IPlaybookProvider playbooks, IPeopleDirectory directory, ITimeZoneLookup zones, IJobStore jobs, IJobSignal signal, TimeProvider time)
{
    public static string Group(string email) => "digest:" + email;

    /// <summary>The playbook's digest recipients; when it names none, every sales leader in the directory.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync(CancellationToken ct = default)
    {
        var named = playbooks.Current.Digest.Recipients;
        if (named.Count > 0)
        {
            return named;
        }

        return [.. (await directory.ListAsync(ct)).Where(p => p.Roles.Contains(PersonRole.SalesLeader)).Select(p => p.Email)];
    }

    /// <summary>The first occurrence of the digest cron strictly after <paramref name="after"/> in the recipient's zone.</summary>
    public DateTimeOffset? Next(string email, DateTimeOffset after) =>
        CronExpression.Parse(playbooks.Current.Digest.Cron).GetNextOccurrence(after, zones.ZoneOf(email));

    /// <summary>Makes sure every recipient has their next digest planned (start-up, playbook reload); a pending one still valid is kept.</summary>
    public async Task EnsureAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var pending = await jobs.ListAsync(JobStatus.Pending, null, 10_000, ct);
        var jobsToAdd = new List<ScheduledJob>();
        foreach (var email in await RecipientsAsync(ct))
        {
            var mine = pending.FirstOrDefault(j => j.Kind == TimingJobs.Digest && j.Group == Group(email));
            if (mine is not null && Next(email, mine.DueAt.AddTicks(-1)) == mine.DueAt)
            {
                continue; // still an occurrence of the current cron (maybe overdue after downtime): keep it
            }

            if (Next(email, now) is { } next)
            {
                jobsToAdd.Add(JobFor(email, next, now));
            }
        }

        if (await jobs.EnqueueAsync(jobsToAdd, ct) > 0)
        {
            signal.Wake();
        }
    }

    /// <summary>Plans the occurrence after <paramref name="after"/> (called by the digest job for the next week).</summary>
    public async Task ScheduleNextAsync(string email, DateTimeOffset after, CancellationToken ct = default)
    {
        if (Next(email, after) is { } next)
        {
            await jobs.EnqueueAsync([JobFor(email, next, time.GetUtcNow())], ct);
        }
    }

    private static ScheduledJob JobFor(string email, DateTimeOffset at, DateTimeOffset now) =>
        ScheduledJob.InGroup(Group(email), TimingJobs.Digest, null, at, $"digest:{email}:{at.ToUnixTimeMilliseconds()}", now, email);
}
