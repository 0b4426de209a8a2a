using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>An item an extractor proposes: a value and the quote it claims to come from. Not evidence until grounded.</summary>
public sealed record Proposed<T>(T Value, string SourceId, string Quote, double Confidence);

/// <summary>What an extractor (offline rules or an LLM) proposes, before the grounding check.</summary>
public sealed class DraftCandidates
{
    public List<Proposed<Commitment>> Commitments { get; } = [];
    public List<Proposed<string>> Goals { get; } = [];
    public List<Proposed<string>> SuccessCriteria { get; } = [];
    public List<Proposed<Stakeholder>> Stakeholders { get; } = [];
    public List<Proposed<Risk>> Risks { get; } = [];
    public List<Proposed<SpecialTerm>> SpecialTerms { get; } = [];

    public int Count => ContextGrammar.Drafted.Sum(f => f.Count(this));
}

/// <summary>
/// The grounding check, the same for every extractor: each proposed item's quote must occur in its
/// source (<see cref="Grounding"/>), or the item is dropped and counted. Kept items get their
/// evidence from the source itself — the words as written there, the speaker and time of the
/// utterance the quote starts in — never from what the extractor claimed. Ids are a hash of kind,
/// source and quote, so a re-draft keeps the ids (and the AE's decisions) of unchanged items.
/// </summary>
public static class DraftAssembler
{
    public static BriefDraft Assemble(DraftCandidates candidates, IReadOnlyList<ParsedSource> sources, IEnumerable<SourceError> errors, string extractor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(sources);
        var grounder = new DraftGrounder(sources);
        var draft = new BriefDraft { SourceErrors = [.. errors ?? []], Extractor = extractor, CreatedAt = now };
        draft = ContextGrammar.Drafted.Aggregate(draft, (d, field) => field.Ground(d, candidates, grounder));
        return draft with { DroppedUngrounded = grounder.Dropped };
    }
}

/// <summary>Grounds one field's proposals against a deal's sources (see <see cref="DraftAssembler"/>), counting what it drops.</summary>
public sealed class DraftGrounder(IReadOnlyList<ParsedSource> sources)
{
    private readonly Dictionary<string, Grounding> groundings = sources.ToDictionary(s => s.Id, s => new Grounding(s), StringComparer.Ordinal);

    public int Dropped { get; private set; }

    /// <param name="prefix">The ids' prefix, one per field.</param>
    /// <param name="key">What besides kind, source and quote tells two items apart.</param>
    public List<Drafted<T>> Ground<T>(IEnumerable<Proposed<T>> items, string prefix, Func<T, string> key)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        var kept = new Dictionary<string, (Drafted<T> Item, int Order, int At)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var hit = Locate(groundings, item);
            if (hit is not { } found)
            {
                Dropped++;
                continue;
            }

            var (grounding, start, length) = found;
            var source = grounding.Source;
            var utterance = source.At(start);
            // The source's own characters (line breaks included): evidence is verbatim, never re-spaced.
            var quote = source.Text.Substring(start, length);
            if (utterance is not null && start + length > utterance.End)
            {
                // A quote that runs into the next cue or item is not in the file as written.
                Dropped++;
                continue;
            }

            var id = Id(prefix, source.Id, quote, key(item.Value));
            var evidence = new Evidence(quote, source.Id, utterance?.Speaker ?? source.Source.Author, utterance?.Offset, source.Source.Date, Math.Clamp(Math.Round(item.Confidence, 2), 0, 1));
            var order = IndexOf(sources, source);
            if (!kept.TryGetValue(id, out var existing) || existing.Item.Evidence.Confidence < evidence.Confidence)
            {
                kept[id] = (new Drafted<T>(id, item.Value, evidence), order, start);
            }
        }

        return [.. kept.Values.OrderBy(k => k.Order).ThenBy(k => k.At).Select(k => k.Item)];
    }

    private static (Grounding Grounding, int Start, int Length)? Locate<T>(Dictionary<string, Grounding> groundings, Proposed<T> item)
    {
        if (groundings.TryGetValue(item.SourceId ?? "", out var named))
        {
            return named.Find(item.Quote) is { } span ? (named, span.Start, span.Length) : null;
        }

        // An unknown source id (an LLM mangled it): the quote must still be somewhere in this deal's sources.
        foreach (var g in groundings.Values)
        {
            if (g.Find(item.Quote) is { } span)
            {
                return (g, span.Start, span.Length);
            }
        }

        return null;
    }

    private static int IndexOf(IReadOnlyList<ParsedSource> sources, ParsedSource source)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (ReferenceEquals(sources[i], source))
            {
                return i;
            }
        }

        return sources.Count;
    }

    private static string Id(string prefix, string sourceId, string quote, string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{prefix}\n{sourceId}\n{NormalizedText.Normalize(quote)}\n{key}"));
        return prefix + "-" + Convert.ToHexStringLower(bytes.AsSpan(0, 4));
    }
}
