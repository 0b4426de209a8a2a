using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>
/// The people directory, noticing departures: removing somebody stores a durable job that hands
/// their open stages to their manager (known only now, before the record is gone), else the CS
/// lead or RevOps. Owners who vanish another way are caught by the SLA jobs themselves.
/// </summary>
public sealed class DepartureTrackingDirectory(IPeopleDirectory inner, IJobStore jobs, IJobSignal signal, TimeProvider time) : IPeopleDirectory
{
    public Task<Person?> FindAsync(string email, CancellationToken ct = default) => inner.FindAsync(email, ct);

    public Task<Person?> FindByPlatformIdAsync(ChatPlatform platform, string userId, CancellationToken ct = default) => inner.FindByPlatformIdAsync(platform, userId, ct);

    public Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct = default) => inner.ListAsync(ct);

    public Task UpsertAsync(Person person, CancellationToken ct = default) => inner.UpsertAsync(person, ct);

    public async Task<bool> RemoveAsync(string email, CancellationToken ct = default)
    {
        var person = await inner.FindAsync(email, ct);
        var removed = await inner.RemoveAsync(email, ct);
        if (removed && person is not null)
        {
            var now = time.GetUtcNow();
            var payload = System.Text.Json.JsonSerializer.Serialize(new Departure(person.Email, person.ManagerEmail));
            await jobs.EnqueueAsync([ScheduledJob.Create(TimingJobs.OwnerDeparted, null, now, $"departed:{person.Email}:{now.ToUnixTimeMilliseconds()}", now, payload)], ct);
            signal.Wake();
        }

        return removed;
    }
}

public sealed record Departure(string Email, string? ManagerEmail);
