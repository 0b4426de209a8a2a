using System.Globalization;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Handoffs;

public sealed partial class Handoff
{
    /// <summary>Characters of note and transcript text this deal holds (what <see cref="SourceLimit"/> counts).</summary>
    public long SourceChars() => notes.Sum(n => (long)n.Text.Length) + transcripts.Sum(t => (long)t.Content.Length);

    /// <summary>
    /// The new notes and transcripts (not known by id yet) that fit under the limit, in the order
    /// given, notes first; each that would take the deal over it is refused whole (a later, smaller
    /// one may still fit). Nothing is changed here.
    /// </summary>
    private (List<Note> Notes, List<Transcript> Transcripts, List<RefusedSource> Refused) Fit(IEnumerable<Note> newNotes, IEnumerable<Transcript> newTranscripts, SourceLimit limit)
    {
        var held = SourceChars();
        var addNotes = new List<Note>();
        var addTranscripts = new List<Transcript>();
        var refused = new List<RefusedSource>();
        foreach (var note in newNotes.Where(n => notes.All(x => x.Id != n.Id)).DistinctBy(n => n.Id, StringComparer.Ordinal))
        {
            if (held + note.Text.Length <= limit.MaxCharsPerDeal)
            {
                held += note.Text.Length;
                addNotes.Add(note);
            }
            else
            {
                refused.Add(new RefusedSource(SourceKind.Note, note.Id, note.Text.Length));
            }
        }

        foreach (var transcript in newTranscripts.Where(t => transcripts.All(x => x.Id != t.Id)).DistinctBy(t => t.Id, StringComparer.Ordinal))
        {
            if (held + transcript.Content.Length <= limit.MaxCharsPerDeal)
            {
                held += transcript.Content.Length;
                addTranscripts.Add(transcript);
            }
            else
            {
                refused.Add(new RefusedSource(SourceKind.Transcript, transcript.Id, transcript.Content.Length));
            }
        }

        return (addNotes, addTranscripts, refused);
    }

    /// <summary>Records what was refused, once: the same refusal again (a CRM retrying) adds nothing.</summary>
    private void RecordRefused(IReadOnlyList<RefusedSource> refused, SourceLimit limit, DateTimeOffset now)
    {
        if (refused.Count == 0)
        {
            return;
        }

        var ids = string.Join(",", refused.Select(r => $"{r.Kind}:{r.Id}"));
        if (audit.LastOrDefault(a => a.Change is SourcesRefused)?.Change is SourcesRefused last && last.Ids == ids)
        {
            return;
        }

        Record(now, Actor.SystemEmail, new SourcesRefused(ids, limit.MaxCharsPerDeal),
            $"Not added, over the limit of {limit.Describe()} (the deal holds {SourceChars().ToString("N0", CultureInfo.InvariantCulture)}): {string.Join(", ", refused)}.");
    }
}
