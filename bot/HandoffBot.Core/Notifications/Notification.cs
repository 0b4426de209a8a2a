using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Notifications;

/// <summary>
/// What the bot has to say, independent of platform. Each platform adapter renders it as a card
/// (Adaptive Card in Teams, Block Kit in Slack) through the templates in cards/.
/// </summary>
public abstract record Notification
{
    /// <summary>Plain-text fallback (notification previews, screen readers, logs never see it).</summary>
    public abstract string Summary { get; }
}

/// <summary>To the AE: fill in the missing deal context.</summary>
public sealed record ContextRequestNotification(Handoff Handoff, Completeness Completeness) : Notification
{
    public override string Summary => $"{Handoff.Deal.AccountName}: CS needs {Completeness.Missing.Count} more field(s) before the handoff.";
}

/// <summary>To the CS channel: the handoff brief (new, or its current state when updated in place).</summary>
public sealed record BriefNotification(Handoff Handoff, Completeness Completeness) : Notification
{
    public override string Summary => $"Handoff brief: {Handoff.Deal.AccountName} ({Handoff.Stage.Display()}).";
}

/// <summary>To the AE: CS asks a question about the deal.</summary>
public sealed record QuestionNotification(Handoff Handoff, Question Question) : Notification
{
    public override string Summary => $"CS has a question about {Handoff.Deal.AccountName}.";
}

/// <summary>To the brief's thread: the AE answered.</summary>
public sealed record AnswerNotification(Handoff Handoff, Question Question) : Notification
{
    public override string Summary => $"The AE answered a question about {Handoff.Deal.AccountName}.";
}

/// <summary>A short message to a person (e.g. "the handoff went back to you", a gap report).</summary>
public sealed record TextNotification(string Text, Handoff? Handoff = null) : Notification
{
    public override string Summary => Text;
}

/// <summary>To a person who just installed the bot: what it will do for them, fitted to their roles.</summary>
public sealed record WelcomeNotification(People.Person? Person) : Notification
{
    public override string Summary => "Welcome to HandoffBot.";
}

/// <summary>To the owner: a clock is running out (e.g. at 50% and 100% of the SLA).</summary>
/// <remarks><paramref name="NudgedBy"/>: set when a manager pressed Nudge on an escalation.</remarks>
public sealed record ReminderNotification(Handoff Handoff, Stage Stage, int Percent, DateTimeOffset DueAt, string? NudgedBy = null) : Notification
{
    public override string Summary => NudgedBy is null
        ? $"Reminder: {Handoff.Deal.AccountName} — {Stage.Display()} is due {DueAt:yyyy-MM-dd HH:mm}Z."
        : $"{NudgedBy} asks you to act on {Handoff.Deal.AccountName} — {Stage.Display()} is due {DueAt:yyyy-MM-dd HH:mm}Z.";
}

/// <summary>To the owner's manager or the CS lead: a clock ran out. Buttons: Nudge / Reassign / Snooze.</summary>
/// <remarks><paramref name="Reason"/>: set when it is not a missed clock, e.g. "left the directory" (the stage is now yours).</remarks>
public sealed record EscalationNotification(Handoff Handoff, Stage Stage, string OwnerEmail, DateTimeOffset DueAt, string? Reason = null) : Notification
{
    public override string Summary => Reason is null
        ? $"Escalation: {Handoff.Deal.AccountName} — {Stage.Display()} was due {DueAt:yyyy-MM-dd HH:mm}Z ({OwnerEmail})."
        : $"Escalation: {Handoff.Deal.AccountName} — {Stage.Display()} is yours now: {OwnerEmail} {Reason}.";
}

/// <summary>To AE and CSM after Accept: the internal sync, with the brief's open questions; both confirm.</summary>
public sealed record InternalHandoffNotification(Handoff Handoff) : Notification
{
    public override string Summary => $"Internal handoff for {Handoff.Deal.AccountName}: AE and CSM, confirm when you have synced.";
}

/// <summary>A draft of the customer-facing introduction email the AE sends.</summary>
public sealed record IntroDraft(string Subject, string Body);

/// <summary>The warm-intro thread: mentions AE and CSM, a draft intro, proposed kickoff slots, an .ics offer.</summary>
public sealed record WarmIntroNotification(Handoff Handoff, IntroDraft Draft, IReadOnlyList<DateTimeOffset> KickoffSlots, string? IcsUrl = null) : Notification
{
    public override string Summary => $"Time for the warm introduction to {Handoff.Deal.AccountName}.";
}

/// <summary>To the AE and the CSM when the kickoff stage starts (updated once it is booked): book it, then record it as held.</summary>
public sealed record KickoffNotification(Handoff Handoff, string? IcsUrl = null) : Notification
{
    public override string Summary => Handoff.KickoffBookedFor is { } on
        ? $"Kickoff for {Handoff.Deal.AccountName} is booked for {on:yyyy-MM-dd}: record it as held once it took place."
        : $"Kickoff for {Handoff.Deal.AccountName}: book it with the customer, then record it as held.";
}

/// <summary>To the CSM: the post-sale poll N days after kickoff.</summary>
public sealed record PollNotification(Handoff Handoff, int DayOffset, bool IsReminder = false) : Notification
{
    public override string Summary => IsReminder
        ? $"Still open: the {DayOffset}-day check on {Handoff.Deal.AccountName} (4 quick questions)."
        : $"{DayOffset}-day check on {Handoff.Deal.AccountName}: 4 quick questions.";
}

/// <summary>To the CSM after answering: thanks, and what happens with the answer.</summary>
public sealed record PollThanksNotification(Handoff Handoff, PollAnswer Answer) : Notification
{
    public override string Summary => $"Thanks — your {Answer.DayOffset}-day answer on {Handoff.Deal.AccountName} is recorded.";
}

/// <summary>To the AE and the AE's manager: the CSM says the deal did not (fully) match what was sold.</summary>
public sealed record PollAlertNotification(Handoff Handoff, PollAnswer Answer) : Notification
{
    public override string Summary => $"{Handoff.Deal.AccountName}: CS says the deal matched what was sold only {Answer.MatchedWhatWasSold.ToString().ToLowerInvariant()}.";
}

/// <summary>To a sales leader: the weekly (or on-demand) digest.</summary>
public sealed record DigestNotification(Metrics.DigestReport Report) : Notification
{
    public override string Summary => $"Handoff digest {Report.From:MMM d}–{Report.To:MMM d}: {Report.HandoffCount} handoffs, {Report.Breaches} SLA breaches.";
}
