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
