using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Application.Commands;

/// <summary>A platform-neutral answer to a chat command; the adapters render it (card or text).</summary>
public abstract record ChatCommandResult;

/// <summary>The help text (also the answer to anything unrecognised, with <see cref="Problem"/> set).</summary>
public sealed record HelpResult(string? Problem = null) : ChatCommandResult;

/// <summary>"my handoffs": what the person owns or is AE/CSM on, open ones first.</summary>
public sealed record HandoffListResult(IReadOnlyList<HandoffLine> Handoffs, bool Truncated) : ChatCommandResult;

/// <summary>"status &lt;account&gt;": one handoff in detail.</summary>
public sealed record StatusResult(Handoff Handoff, Completeness Completeness) : ChatCommandResult;

/// <summary>"who owns &lt;account&gt;": the one accountable owner, answered from the aggregate.</summary>
public sealed record OwnerResult(Handoff Handoff, string OwnerName) : ChatCommandResult;

/// <summary>Nothing matched, or several did (the person should say which).</summary>
public sealed record NoMatchResult(string Query, IReadOnlyList<HandoffLine> Candidates) : ChatCommandResult;

/// <summary>One handoff in a list: enough to see stage, owner and clock at a glance.</summary>
public sealed record HandoffLine(string Id, string AccountName, Stage Stage, string OwnerEmail, string OwnerName, DateTimeOffset? DueAt, bool Overdue, int Completeness);

/// <summary>"reassign &lt;account&gt; &lt;email&gt;": see <see cref="OwnershipCommands.ReassignAsync"/>; show <c>Result.Message</c>.</summary>
public sealed record ReassignCommandResult(ReassignResult Result) : ChatCommandResult;

/// <summary>"digest": see <see cref="OwnershipCommands.BuildDigestAsync"/>; render <c>Result.Report</c> (or show <c>Result.Message</c>).</summary>
public sealed record DigestCommandResult(DigestResult Result) : ChatCommandResult;
