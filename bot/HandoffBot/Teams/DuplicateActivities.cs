using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace HandoffBot.Teams;

/// <summary>
/// Teams redelivers an activity when our answer was slow or lost, also while the bot restarts: each
/// activity id (per conversation) is handled once within <see cref="TeamsOptions.DuplicateWindow"/>,
/// and an invoke's redelivery gets the first answer again.
/// <para>
/// What this process received is in memory (so a turn costs no database work); what it has finished
/// handling is written to the data file behind it (<see cref="IActivityLedger"/>), many per transaction,
/// by <see cref="ActivityLedgerWriter"/> every <see cref="ActivityLedgerWriter.FlushEvery"/> and when the
/// bot stops. A restarted bot asks the file about ids it has not seen itself, for as long as anything
/// there can still be inside the window. So a graceful restart forgets nothing; a crash (kill -9)
/// forgets at most the activities finished in its last fraction of a second — and Teams redelivers
/// only activities whose answer it did not get, which then are handled again: at least once, never lost.
/// Activities still in flight are never written: one that a crash cut off is handled again when redelivered.
/// </para>
/// <para>
/// On a shared ledger (several instances on one database) an id this process has not seen is claimed in
/// the database before it is handled, so a redelivery that reaches another instance meanwhile is a
/// duplicate there too; a claim left by an instance that died is taken over after <see cref="InFlightLease"/>.
/// </para>
/// </summary>
public sealed class DuplicateActivities : IDisposable
{
    private static readonly JsonSerializerSettings Json = new() { NullValueHandling = NullValueHandling.Ignore, DateParseHandling = DateParseHandling.None };

    /// <summary>How long another instance's unfinished claim holds (Teams gives up on an answer after 15 s).</summary>
    public static readonly TimeSpan InFlightLease = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Key128, Entry> seen = new();
    private readonly ConcurrentQueue<Key128> finished = new();
    private readonly IActivityLedger ledger;
    private readonly IOptions<TeamsOptions> options;
    private readonly TimeProvider time;
    private readonly Lock flushing = new();

    /// <summary>Until then the file may hold ids an earlier process handled that are still inside the window.</summary>
    private readonly DateTimeOffset askTheFileUntil;

    public DuplicateActivities(IActivityLedger ledger, IOptions<TeamsOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(options);
        this.ledger = ledger;
        this.options = options;
        this.time = time;
        askTheFileUntil = ledger.Shared ? DateTimeOffset.MinValue
            : ledger.Latest() is { } latest ? latest + options.Value.DuplicateWindow : DateTimeOffset.MinValue;
    }

    /// <summary>How many activity ids are remembered in memory.</summary>
    public int Count => seen.Count;

    /// <summary>True when the activity is new (the caller handles it); false with the earlier answer, if any, for a redelivery.</summary>
    public bool TryBegin(string conversationId, string activityId, out InvokeResponse? earlier)
    {
        var key = Key128.Of(conversationId, activityId);
        var now = time.GetUtcNow();
        var window = options.Value.DuplicateWindow;
        var fresh = new Entry(now);
        var stored = seen.GetOrAdd(key, fresh);
        earlier = null;
        if (!ReferenceEquals(stored, fresh))
        {
            if (now - stored.At <= window)
            {
                earlier = stored.Response;
                return false;
            }

            // Received again after the window: new, unless a concurrent delivery just took it.
            return seen.TryUpdate(key, fresh, stored);
        }

        if (now <= askTheFileUntil && ledger.Find(key.ToString()) is { } handled && now - handled.At <= window)
        {
            // Handled by the bot before this process started: remembered here from now on.
            var known = new Entry(handled.At) { Response = Read(handled.Response), Finished = true, Written = true };
            seen.TryUpdate(key, known, fresh);
            earlier = known.Response;
            return false;
        }

        if (ledger.Shared && !ledger.TryClaim(key.ToString(), now, now - InFlightLease, now - window))
        {
            // Another instance has it in hand (or finished it a moment ago): a duplicate here.
            seen.TryRemove(new KeyValuePair<Key128, Entry>(key, fresh));
            earlier = Read(ledger.Find(key.ToString())?.Response);
            return false;
        }

        return true;
    }

    /// <summary>The activity was handled (with this answer for a redelivery): it is written to the file with the next flush.</summary>
    public void Complete(string conversationId, string activityId, InvokeResponse? response)
    {
        var key = Key128.Of(conversationId, activityId);
        if (seen.TryGetValue(key, out var entry))
        {
            entry.Response = response;
            entry.Finished = true;
            finished.Enqueue(key);
        }
    }

    /// <summary>Handling stopped before it finished (the request was cancelled): a redelivery is handled, not taken for a duplicate.</summary>
    public void Abandon(string conversationId, string activityId)
    {
        var key = Key128.Of(conversationId, activityId);
        if (seen.TryGetValue(key, out var entry) && !entry.Finished)
        {
            seen.TryRemove(new KeyValuePair<Key128, Entry>(key, entry));
            if (ledger.Shared)
            {
                ledger.Release(key.ToString());
            }
        }
    }

    /// <summary>Writes every finished activity not written yet, in transactions of up to 500; how many.</summary>
    public int Flush()
    {
        lock (flushing)
        {
            var written = 0;
            while (true)
            {
                var batch = new List<(Key128 Key, Entry Entry)>(500);
                while (batch.Count < 500 && finished.TryDequeue(out var key))
                {
                    if (seen.TryGetValue(key, out var entry) && entry.Finished && !entry.Written)
                    {
                        batch.Add((key, entry));
                    }
                }

                if (batch.Count == 0)
                {
                    return written;
                }

                try
                {
                    ledger.Save([.. batch.Select(b => new ActivityRecord(b.Key.ToString(), b.Entry.At, b.Entry.Response is { } r ? JsonConvert.SerializeObject(r, Json) : null))]);
                }
                catch
                {
                    // Not written: they stay queued for the next flush.
                    batch.ForEach(b => finished.Enqueue(b.Key));
                    throw;
                }

                batch.ForEach(b => b.Entry.Written = true);
                written += batch.Count;
            }
        }
    }

    /// <summary>
    /// Forgets (in memory) ids older than the window, then the oldest beyond
    /// <see cref="TeamsOptions.DuplicateMaxEntries"/>; finished ones not written yet stay until they are.
    /// </summary>
    public int Sweep()
    {
        var settings = options.Value;
        var before = time.GetUtcNow() - settings.DuplicateWindow;
        var removed = seen.Count(e => e.Value.At < before && Forget(e.Key, e.Value));
        var excess = seen.Count - settings.DuplicateMaxEntries;
        if (excess > 0)
        {
            removed += seen.OrderBy(e => e.Value.At).Take(excess).ToList().Count(e => Forget(e.Key, e.Value));
        }

        return removed;
    }

    /// <summary>What was finished is written before the bot goes (after the last request was answered).</summary>
    public void Dispose()
    {
        try
        {
            Flush();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Stopping with the file unusable: those ids are forgotten, so their redeliveries are handled again (never lost).
        }
    }

    private bool Forget(Key128 key, Entry entry) =>
        (entry.Written || !entry.Finished) && seen.TryRemove(new KeyValuePair<Key128, Entry>(key, entry));

    private static InvokeResponse? Read(string? json) => json is null ? null : JsonConvert.DeserializeObject<InvokeResponse>(json, Json);

    private sealed class Entry(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;

        public InvokeResponse? Response { get; set; }

        /// <summary>Handled (the answer, if any, is in <see cref="Response"/>); until then it is in flight and never written.</summary>
        public bool Finished { get; set; }

        /// <summary>In the data file already.</summary>
        public bool Written { get; set; }
    }

    /// <summary>
    /// 128 bits of SHA-256 over the length-prefixed conversation id and the activity id: a fixed, small key
    /// whatever Teams sends, exact (ids differing only in case differ), and no conversation ids at rest.
    /// </summary>
    internal readonly record struct Key128(ulong High, ulong Low)
    {
        public static Key128 Of(string conversationId, string activityId)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes($"{conversationId.Length}:{conversationId}{activityId}"), hash);
            return new Key128(BinaryPrimitives.ReadUInt64BigEndian(hash), BinaryPrimitives.ReadUInt64BigEndian(hash[8..]));
        }

        /// <summary>32 lowercase hex digits (what the file stores).</summary>
        public override string ToString() => High.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + Low.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
