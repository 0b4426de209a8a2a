using System.Globalization;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Core.Notifications;

/// <summary>Which messages a change to a handoff causes. One job per message, keyed by the audit entry that caused it.</summary>
public sealed class NotificationPlanner : IJobPlanner
{
    public const string ContextRequest = "notify.context-request";
    public const string ContextRequestUpdate = "notify.context-request-update";
    public const string Brief = "notify.brief";
    public const string BriefUpdate = "notify.brief-update";
    public const string QuestionToAe = "notify.question";
    public const string AnswerToCs = "notify.answer";

    public IEnumerable<ScheduledJob> Plan(Handoff handoff, IReadOnlyList<AuditEntry> newEntries, int firstIndex, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(newEntries);
        var briefChanged = false;
        for (var i = 0; i < newEntries.Count; i++)
        {
            var entry = newEntries[i];
            var index = (firstIndex + i).ToString(CultureInfo.InvariantCulture);
            ScheduledJob Job(string kind, string? payload = null) =>
                ScheduledJob.Create(kind, handoff.Id, now, $"{handoff.Id}:{kind}:{index}", now, payload);

            switch (entry.Change)
            {
                case StageEntered { Stage: Stage.ContextCapture }:
                    yield return Job(ContextRequest);
                    briefChanged = true;
                    break;
                case StageEntered { Stage: Stage.CsReview }:
                    yield return Job(Brief);
                    break;
                case BriefDrafted:
                    // A (new) AI draft: a card already sent is updated to show it; a card not sent yet
                    // renders it when it goes out. The CS brief shows its evidence lines.
                    if (handoff.Messages.ContainsKey(MessageKeys.ContextRequest))
                    {
                        yield return Job(ContextRequestUpdate);
                    }

                    briefChanged = true;
                    break;
                case QuestionAsked asked:
                    yield return Job(QuestionToAe, asked.QuestionId);
                    break;
                case QuestionAnswered answered:
                    yield return Job(AnswerToCs, answered.QuestionId);
                    break;
                case StageEntered or OwnerChanged or CsmAssigned or DealUpdated or ContextUpdated:
                    briefChanged = true;
                    break;
            }
        }

        // The brief, once posted, always shows the current state (accepted by whom, reassigned…).
        if (briefChanged && handoff.Messages.ContainsKey(MessageKeys.Brief))
        {
            var last = (firstIndex + newEntries.Count - 1).ToString(CultureInfo.InvariantCulture);
            yield return ScheduledJob.Create(BriefUpdate, handoff.Id, now, $"{handoff.Id}:{BriefUpdate}:{last}", now);
        }
    }
}

/// <summary>Keys of <see cref="Handoff.Messages"/>.</summary>
public static class MessageKeys
{
    public const string Brief = "brief";
    public const string ContextRequest = "context-request";

    public static string Question(string questionId) => "question:" + questionId;
}
