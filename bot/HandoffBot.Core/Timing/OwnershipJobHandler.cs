using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Timing;

/// <summary>Somebody left the directory: each open stage they own falls to their manager (or CS lead / RevOps), escalated and recorded.</summary>
public sealed class OwnershipJobHandler(HandoffService handoffs, Recipients recipients, Outbox outbox) : IJobHandler
{
    public IReadOnlyCollection<string> Kinds { get; } = [TimingJobs.OwnerDeparted];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        Departure? departure;
        try
        {
            departure = System.Text.Json.JsonSerializer.Deserialize<Departure>(job.Payload ?? "");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new PermanentJobFailure($"Unreadable departure payload: {ex.Message}");
        }

        if (departure is null)
        {
            throw new PermanentJobFailure("Empty departure payload.");
        }

        // Somebody re-added meanwhile: nothing falls.
        if (await recipients.FindAsync(departure.Email, ct) is not null)
        {
            return;
        }

        var owned = await handoffs.QueryAsync(new HandoffQuery(OwnerEmail: departure.Email, OpenOnly: true, Limit: 10_000), ct);
        foreach (var handoff in owned)
        {
            await SlaJobHandler.OwnerLeftAsync(handoffs, recipients, outbox, handoff, departure.ManagerEmail, job.IdempotencyKey, ct);
        }
    }
}
