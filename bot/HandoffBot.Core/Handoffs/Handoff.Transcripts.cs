using System.Globalization;

namespace HandoffBot.Core.Handoffs;

/// <summary>A transcript would take the deal over its <see cref="SourceLimit"/>: it was not added.</summary>
public sealed class SourceLimitExceededException(string handoffId, string transcriptId, int characters, long held, SourceLimit limit)
    : DomainException("source-limit", string.Create(CultureInfo.InvariantCulture,
        $"Transcript {transcriptId} ({characters:N0} characters) was not added: handoff {handoffId} already holds {held:N0} and a deal holds at most {limit.Describe()}."))
{
    public int Characters { get; } = characters;

    public long Held { get; } = held;

    public SourceLimit Limit { get; } = limit;
}

public sealed partial class Handoff
{
    /// <summary>
    /// Adds a transcript uploaded for this deal or pulled from a call recorder. The same transcript
    /// again (same id, same content) changes nothing and returns false; a different one under a
    /// known id is refused, as is one that would take the deal over <paramref name="limit"/> (all
    /// its notes and transcripts together). Recorded as "transcript.added", which re-drafts the brief.
    /// </summary>
    public bool AddTranscript(Transcript transcript, string actorEmail, SourceLimit limit, IStageClock clock)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(limit);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentException.ThrowIfNullOrWhiteSpace(transcript.Id);
        var existing = transcripts.Find(t => string.Equals(t.Id, transcript.Id, StringComparison.Ordinal));
        if (existing is not null)
        {
            if (string.Equals(existing.Content, transcript.Content, StringComparison.Ordinal))
            {
                return false;
            }

            throw new HandoffRuleException("transcript-exists", $"Handoff {Id} already has a different transcript {transcript.Id}; send this one with another id.");
        }

        var held = notes.Sum(n => (long)n.Text.Length) + transcripts.Sum(t => (long)t.Content.Length);
        if (held + transcript.Content.Length > limit.MaxCharsPerDeal)
        {
            throw new SourceLimitExceededException(Id, transcript.Id, transcript.Content.Length, held, limit);
        }

        transcripts.Add(transcript);
        Record(clock.Now, actorEmail, "transcript.added",
            string.Create(CultureInfo.InvariantCulture, $"Transcript {transcript.Id} added ({transcript.Format.ToString().ToLowerInvariant()}, {transcript.Content.Length:N0} characters)."),
            new Dictionary<string, string>
            {
                ["transcript"] = transcript.Id,
                ["format"] = transcript.Format.ToString().ToLowerInvariant(),
                ["characters"] = transcript.Content.Length.ToString(CultureInfo.InvariantCulture),
            });
        return true;
    }
}
