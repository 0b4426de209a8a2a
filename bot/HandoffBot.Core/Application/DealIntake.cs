using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Application;

/// <summary>A closed-won deal as the CRM (webhook, CSV, chat command) delivers it, already validated.</summary>
public sealed record DealIntake(Deal Deal, DealContext Context, IReadOnlyList<Note> Notes, IReadOnlyList<Transcript> Transcripts);

/// <summary>What an intake did. <paramref name="RefusedSources"/>: notes and transcripts not added (over the deal's <see cref="SourceLimit"/>); the deal itself was taken in.</summary>
public sealed record IntakeResult(Handoff Handoff, bool Created, IReadOnlyList<string> Changed, IReadOnlyList<RefusedSource>? RefusedSources = null)
{
    public IReadOnlyList<RefusedSource> Refused => RefusedSources ?? [];
}

public sealed class HandoffNotFoundException(string id) : DomainException("not-found", $"No handoff {id}.")
{
    public string HandoffId { get; } = id;
}
