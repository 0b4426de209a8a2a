using HandoffBot.Core.Metrics;

namespace HandoffBot.Storage;

/// <summary>
/// Every handoff's facts in memory, as the data file holds them. One process owns a LiteDB file (its
/// lock), so the file changes only through this process's commits: the cache is filled once from the
/// file and then told of each committed facts write (<see cref="LiteDbContext.AfterCommit"/>), in commit
/// order, so a rolled-back write never shows. Writes committed while it is being filled wait in a queue
/// and are applied after it. Facts projected in another calendar than the one filled drop it (the next
/// read re-projects and fills it again).
/// </summary>
internal sealed class FactsCache
{
    private readonly Lock gate = new();
    private List<HandoffFacts>? facts;
    private Dictionary<string, int>? index;
    private string? calendar;
    private List<(HandoffFacts Facts, string Calendar)>? queued;
    private HandoffFacts[]? snapshot;

    /// <summary>The facts in <paramref name="calendarKey"/>, or null when they must be read from the file first.</summary>
    public IReadOnlyList<HandoffFacts>? TryGet(string calendarKey)
    {
        lock (gate)
        {
            if (facts is null || queued is not null || calendar != calendarKey)
            {
                return null;
            }

            // Readers get a copy of the references (a fraction of a millisecond), so writes never change a list being counted.
            return snapshot ??= [.. facts];
        }
    }

    /// <summary>A committed write of one handoff's facts.</summary>
    public void Put(HandoffFacts written, string calendarKey)
    {
        lock (gate)
        {
            if (queued is not null)
            {
                queued.Add((written, calendarKey));
            }
            else if (facts is not null)
            {
                Apply(written, calendarKey);
            }
        }
    }

    /// <summary>From now until <see cref="Fill"/>, committed writes are queued rather than lost.</summary>
    public void BeginFill()
    {
        lock (gate)
        {
            queued = [];
        }
    }

    /// <summary>The facts read from the file in <paramref name="calendarKey"/>, then the writes committed meanwhile.</summary>
    public void Fill(List<HandoffFacts> read, string calendarKey)
    {
        lock (gate)
        {
            (facts, calendar, snapshot) = (read, calendarKey, null);
            index = new Dictionary<string, int>(read.Count, StringComparer.Ordinal);
            for (var i = 0; i < read.Count; i++)
            {
                index[read[i].Id] = i;
            }

            var writes = queued ?? [];
            queued = null;
            foreach (var (written, key) in writes)
            {
                if (facts is null)
                {
                    break;
                }

                Apply(written, key);
            }
        }
    }

    /// <summary>Forgets everything (a failed fill; the next read starts again from the file).</summary>
    public void Clear()
    {
        lock (gate)
        {
            (facts, index, calendar, queued, snapshot) = (null, null, null, null, null);
        }
    }

    private void Apply(HandoffFacts written, string calendarKey)
    {
        if (calendarKey != calendar)
        {
            (facts, index, calendar, snapshot) = (null, null, null, null);
            return;
        }

        snapshot = null;
        if (index!.TryGetValue(written.Id, out var at))
        {
            facts![at] = written;
        }
        else
        {
            index[written.Id] = facts!.Count;
            facts.Add(written);
        }
    }
}
