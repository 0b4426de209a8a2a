using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Brief;

/// <summary>
/// The embedded extractor: deterministic, offline, fast. Each source is parsed, split into
/// sentences (whole turns for calls, lines for notes), its speakers sorted into our side and the
/// customer's, and every sentence run through the cue-phrase rules; then risks the source later
/// resolves are dropped, neighbouring sentences about one risk or term are joined, and everything
/// goes through the same grounding check as an LLM's answer. A bad source is a per-source error.
/// </summary>
public sealed class OfflineBriefExtractor(TimeProvider time, int maxSourceChars = SourceReader.DefaultMaxChars, ISentenceEncoder? encoder = null, BriefModel? model = null) : IBriefExtractor
{
    public const string ExtractorName = "offline";

    private readonly BriefModel? learned = encoder is not null && model is not null && model.Fits(encoder) ? model : null;

    public string Name => ExtractorName;

    /// <summary>True when the learned layer (sentence embeddings + trained classifiers) drafts; false: cue rules only.</summary>
    public bool Learned => learned is not null;

    public Task<BriefDraft> ExtractAsync(BriefRequest request, CancellationToken ct) => Task.FromResult(Extract(request, ct));

    public BriefDraft Extract(BriefRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (parsed, errors) = Read(request, maxSourceChars, ct);
        var candidates = new DraftCandidates();
        foreach (var source in parsed)
        {
            ct.ThrowIfCancellationRequested();
            Propose(source, request.Hints, candidates, learned is null ? null : encoder, learned, ct);
        }

        return DraftAssembler.Assemble(candidates, parsed, errors, Name, time.GetUtcNow()) with { SourceFingerprint = request.Fingerprint() };
    }

    /// <summary>Parses every source; the unreadable ones become errors, partly readable ones both.</summary>
    public static (List<ParsedSource> Parsed, List<SourceError> Errors) Read(BriefRequest request, int maxSourceChars, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = new List<ParsedSource>();
        var errors = new List<SourceError>();
        foreach (var source in request.Sources)
        {
            ct.ThrowIfCancellationRequested();
            var result = SourceReader.Read(source, maxSourceChars);
            if (result.Source is { } ok)
            {
                parsed.Add(ok);
            }

            if (result.Error is { } error)
            {
                errors.Add(error);
            }
        }

        return (parsed, errors);
    }

    /// <summary>Runs the rules over one parsed source and adds what they find.</summary>
    public static void Propose(ParsedSource source, DealHints hints, DraftCandidates into) => Propose(source, hints, into, null, null, default);

    /// <summary>Runs the learned layer (when an encoder and its model are given) or the cue rules over one parsed source.</summary>
    internal static void Propose(ParsedSource source, DealHints hints, DraftCandidates into, ISentenceEncoder? encoder, BriefModel? model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(into);
        hints ??= DealHints.None;
        var views = Views(source, hints);
        List<Finding> findings;
        if (encoder is not null && model is not null)
        {
            var found = LearnedLayer.Find(views, encoder, model, ct);
            findings = [];
            foreach (var kind in new[] { FindingKind.Commitment, FindingKind.Goal, FindingKind.Success, FindingKind.Risk, FindingKind.Term })
            {
                findings.AddRange(Shape(kind, [.. found.Where(f => f.Kind == kind)], views));
            }
        }
        else
        {
            findings = Rules(views);
        }

        foreach (var f in findings.OrderBy(f => f.Start))
        {
            var quote = source.Text[f.Start..f.End];
            var text = Grounding.Display(quote);
            switch (f.Kind)
            {
                case FindingKind.Commitment:
                    into.Commitments.Add(new((Commitment)f.Value!, source.Id, quote, f.Confidence));
                    break;
                case FindingKind.Goal:
                    into.Goals.Add(new(text, source.Id, quote, f.Confidence));
                    break;
                case FindingKind.Success:
                    into.SuccessCriteria.Add(new(text, source.Id, quote, f.Confidence));
                    break;
                case FindingKind.Risk:
                    var (category, severity) = ((RiskCategory, Severity))f.Value!;
                    into.Risks.Add(new(new Risk(category, severity, text), source.Id, quote, f.Confidence));
                    break;
                case FindingKind.Term:
                    into.SpecialTerms.Add(new(new SpecialTerm((SpecialTermKind)f.Value!, text), source.Id, quote, f.Confidence));
                    break;
            }
        }

        // With the learned layer, the finder's people are shown from the confidence chosen on cross-validation (docs/ai-brief.md).
        var minimum = encoder is not null && model?.For(BriefTrainer.StakeholdersKind) is { } people ? people.Threshold : 0;
        into.Stakeholders.AddRange(StakeholderFinder.Find(views, hints).Where(p => p.Confidence >= minimum));
    }

    /// <summary>Sentences with whose words they are and their neighbours in the same turn.</summary>
    internal static List<SentenceView> Views(ParsedSource source, DealHints hints)
    {
        var sentences = Segmenter.Split(source);
        var sides = SpeakerSides.Infer(source, sentences, hints);
        var reference = source.Source.Date is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : hints.ReferenceDate;
        var views = sentences.Select((s, i) => new SentenceView(s, i, source, sides, reference)).ToList();
        for (var i = 1; i < views.Count; i++)
        {
            views[i].Previous = views[i - 1].Sentence.Turn == views[i].Sentence.Turn ? views[i - 1] : null;
            views[i - 1].Next = views[i].Previous is null ? null : views[i];
        }

        return views;
    }

    /// <summary>The cue rules (the path without an encoder): each kind's rule per sentence, resolved risks dropped, neighbours joined.</summary>
    private static List<Finding> Rules(List<SentenceView> views)
    {
        var findings = new List<Finding>();
        var risks = new List<Finding>();
        for (var i = 0; i < views.Count; i++)
        {
            var v = views[i];
            findings.AddRange(CommitmentRule.Find(v));
            findings.AddRange(GoalRule.Find(v));
            if (RiskRule.Find(v) is { } risk)
            {
                risks.Add(risk);
            }

            findings.AddRange(TermRule.Find(v, i + 1 < views.Count ? views[i + 1] : null));
        }

        RiskRule.Resolve(risks, views);
        findings.AddRange(Join(risks));
        var terms = findings.Where(f => f.Kind == FindingKind.Term).ToList();
        findings.RemoveAll(f => f.Kind == FindingKind.Term);
        findings.AddRange(Join(terms));
        return findings;
    }

    /// <summary>
    /// One item per point made: risks the source later resolves are dropped, and neighbouring
    /// sentences of one turn found as the same kind become one item (a label quotes the point once,
    /// however many sentences it takes).
    /// </summary>
    internal static List<Finding> Shape(FindingKind kind, List<Finding> items, List<SentenceView> views)
    {
        if (kind == FindingKind.Risk)
        {
            RiskRule.Resolve(items, views);
        }

        return Join(items);
    }

    /// <summary>
    /// Neighbouring sentences of one turn become one item: for risks, anything the same person
    /// raises within two sentences ("My biggest worry is the POS integration. We run an older
    /// version…"), keeping the first sentence's category; for terms, sentences of the same kind.
    /// </summary>
    private static List<Finding> Join(List<Finding> items)
    {
        var joined = new List<Finding>();
        foreach (var f in items.OrderBy(f => f.Start))
        {
            var near = f.Kind == FindingKind.Risk ? 2 : 1;
            if (joined.Count > 0 && joined[^1] is var prev && (prev.Group == f.Group || f.Kind == FindingKind.Risk) && prev.Turn == f.Turn && f.SentenceIndex - prev.SentenceIndex <= near && f.Start >= prev.End)
            {
                var value = f.Kind == FindingKind.Risk
                    ? (((RiskCategory, Severity))prev.Value!).Item1 is var c && (((RiskCategory, Severity))prev.Value!).Item2 is var s1 && (((RiskCategory, Severity))f.Value!).Item2 is var s2
                        ? (object)(c, s1 > s2 ? s1 : s2) : prev.Value
                    : prev.Value;
                joined[^1] = prev with { End = f.End, SentenceIndex = f.SentenceIndex, Confidence = Math.Max(prev.Confidence, f.Confidence), Value = value };
                continue;
            }

            joined.Add(f);
        }

        return joined;
    }
}
