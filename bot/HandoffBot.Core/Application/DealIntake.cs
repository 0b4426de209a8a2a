using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Application;

/// <summary>A closed-won deal as the CRM (webhook, CSV, chat command) delivers it, already validated.</summary>
public sealed record DealIntake(Deal Deal, DealContext Context, IReadOnlyList<Note> Notes, IReadOnlyList<Transcript> Transcripts);

public sealed record IntakeResult(Handoff Handoff, bool Created, IReadOnlyList<string> Changed);

public sealed class HandoffNotFoundException(string id) : DomainException("not-found", $"No handoff {id}.")
{
    public string HandoffId { get; } = id;
}
