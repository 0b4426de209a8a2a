namespace HandoffBot.Core.Handoffs;

/// <summary>
/// The time and the due time a stage gets when a handoff enters it. The playbook implements it
/// (business hours in the owner's zone); tests use a fixed one.
/// </summary>
public interface IStageClock
{
    DateTimeOffset Now { get; }

    /// <summary>When the handoff's current stage is due, or null when that stage has no clock.</summary>
    DateTimeOffset? DueFor(Handoff handoff);
}
