using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Application;

/// <summary>
/// Turns what just happened to a handoff (its new audit entries) into jobs, stored in the same
/// transaction as the handoff: the transactional outbox. Several planners may be registered.
/// </summary>
public interface IJobPlanner
{
    IEnumerable<ScheduledJob> Plan(Handoff handoff, IReadOnlyList<AuditEntry> newEntries, int firstIndex, DateTimeOffset now);
}
