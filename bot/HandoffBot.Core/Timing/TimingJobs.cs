namespace HandoffBot.Core.Timing;

/// <summary>The job kinds of the timing area (exact names; the runner routes by them).</summary>
public static class TimingJobs
{
    public const string Remind = "sla.remind";
    public const string Escalate = "sla.escalate";
    public const string Nudge = "sla.nudge";
    public const string OwnerDeparted = "owner.departed";
    public const string InternalHandoff = "handoff.internal";
    public const string SyncUpdate = "handoff.sync-update";
    public const string IntroPost = "intro.post";
    public const string Kickoff = "handoff.kickoff";
    public const string KickoffUpdate = "handoff.kickoff-update";
    public const string PollSend = "poll.send";
    public const string PollRemind = "poll.remind";
    public const string PollThanks = "poll.thanks";
    public const string PollAlert = "poll.alert";
    public const string Digest = "digest.weekly";
    public const string PlaybookReplan = "playbook.replan";
    public const string FailureReport = "admin.failure-report";
}

/// <summary>Keys of <see cref="Handoffs.Handoff.Messages"/> for the timing area's messages.</summary>
public static class TimingMessageKeys
{
    public const string Internal = "internal";
    public const string Intro = "intro";
    public const string Kickoff = "kickoff";

    public static string Poll(int day) => "poll:" + day.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Public links the cards can carry (the .ics invite, the digest chart); signed and expiring.</summary>
public interface IPublicLinks
{
    /// <summary>The kickoff invite of a handoff; <paramref name="slot"/> picks a proposed time (0 = first, -1 = the booked date).</summary>
    string? Ics(string handoffId, int slot = 0);

    string? Chart(string chartId);
}
