using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// Trains the learned layer from labelled folders. Every candidate sentence of every labelled source
/// is an example whose target is the kinds whose labels quote it (the evaluator's overlap rule), or
/// "none". Sources are grouped (by repository, so every call of one deal is on one side) and the
/// groups of the sources written by others are split into <see cref="Folds"/> folds: each fold is
/// drafted end to end by a model trained without it, and those out-of-fold drafts, scored like
/// eval-brief scores them, choose each kind's threshold (the best F1 at a precision of at least
/// <see cref="MinPrecision"/>) and fit its calibration. Sources written by this team (the devset) are
/// trained on in every fold but never scored: the cue rules were written looking at them.
/// Deterministic: sources in ordinal order, folds by a hash of the group, zero-initialised full-batch
/// training. The test split is never read here.
/// </summary>
public static class BriefTrainer
{
    public const double MinPrecision = 0.65;
    public const int Folds = 5;

    public sealed record LabelledSource(string Name, string Group, bool Scored, BriefSource Source, DealHints Hints, BriefDocument Labels);

    public sealed record Example(string Source, string Group, bool Scored, float[] X, float[] Target, bool[] Mask);

    /// <summary>Cross-validated result of one kind at its chosen threshold.</summary>
    public sealed record KindResult(string Kind, double Threshold, int Matched, int Predicted, int Labelled)
    {
        public double Precision => Predicted == 0 ? 0 : (double)Matched / Predicted;

        public double Recall => Labelled == 0 ? 0 : (double)Matched / Labelled;

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

        /// <summary>For commitments from the structural finder: the finder's confidence (0: the model alone).</summary>
        public double RuleConfidence { get; init; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}: {(RuleConfidence > 0 ? $"finder {RuleConfidence:0.0}, " : "")}threshold {Threshold:0.000}; P {Precision:0.00} R {Recall:0.00} F1 {F1:0.00} ({Matched}/{Predicted}/{Labelled})");
    }

    /// <summary>
    /// The labelled sources of a folder. A corpus folder's sources are grouped by the repository its
    /// SOURCES.md names (the premAI conversations, separate synthetic conversations, each on its own);
    /// elsewhere by the deal a file name starts with ("acme-logistics-…").
    /// </summary>
    public static async Task<List<LabelledSource>> LoadAsync(string folder, bool scored, CancellationToken ct)
    {
        var groups = await CorpusGroupsAsync(folder, ct);
        var result = new List<LabelledSource>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(SourceFiles.IsSource).Order(StringComparer.Ordinal))
        {
            var labelsPath = SourceFiles.Stem(path) + ".labels.json";
            if (!File.Exists(labelsPath))
            {
                continue;
            }

            var labels = BriefJson.Deserialize(await File.ReadAllTextAsync(labelsPath, ct));
            var loaded = await SourceFiles.LoadAsync(path, SourceReader.DefaultMaxChars, ct);
            if (loaded.Source is null)
            {
                continue;
            }

            var name = Path.GetFileName(path);
            var group = groups.TryGetValue(name, out var g) ? g : "deal:" + string.Join('-', name.Split('-', '.').Take(2));
            result.Add(new LabelledSource(Path.GetFileName(folder.TrimEnd('/', '\\')) + "/" + name, group, scored, loaded.Source, loaded.Hints, labels));
        }

        return result;
    }

    public static List<Example> Examples(IEnumerable<LabelledSource> sources, ISentenceEncoder encoder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(encoder);
        var examples = new List<Example>();
        foreach (var s in sources)
        {
            if (SourceReader.Read(s.Source).Source is not { } parsed)
            {
                continue;
            }

            var all = OfflineBriefExtractor.Views(parsed, s.Hints);
            var context = new TurnContext(all);
            var views = all.Where(LearnedLayer.IsCandidate).ToList();
            if (views.Count == 0)
            {
                continue;
            }

            var quotes = new[]
            {
                s.Labels.Commitments.Select(l => l.Quote).ToList(),
                s.Labels.Goals.Select(l => l.Quote).ToList(),
                s.Labels.SuccessCriteria.Select(l => l.Quote).ToList(),
                s.Labels.Risks.Select(l => l.Quote).ToList(),
                s.Labels.SpecialTerms.Select(l => l.Quote).ToList(),
            };
            var embeddings = encoder.Encode([.. views.Select(v => v.Sentence.Text)], ct);
            for (var i = 0; i < views.Count; i++)
            {
                var text = views[i].Sentence.Text;
                var mask = LearnedLayer.Mask(views[i]);
                var target = new float[LearnedLayer.Classes.Length];
                for (var k = 0; k < quotes.Length; k++)
                {
                    target[k + 1] = mask[k + 1] && quotes[k].Any(q => BriefEvaluator.Overlaps(text, q)) ? 1 : 0;
                }

                var positives = target.Sum();
                if (positives == 0)
                {
                    target[0] = 1;
                }
                else
                {
                    for (var k = 1; k < target.Length; k++)
                    {
                        target[k] /= positives;
                    }
                }

                examples.Add(new Example(s.Name, s.Group, s.Scored, LearnedLayer.Vector(embeddings[i], SentenceFeatures.Of(views[i], context)), target, mask));
            }
        }

        return examples;
    }

    /// <summary>One held-out source drafted by the model of the folds it was not in: its sentences' probabilities and the stakeholders the rules found.</summary>
    internal sealed record Outcome(string Source, BriefDocument Labels, ParsedSource Parsed, List<SentenceView> Views, List<LearnedLayer.Scored> Scored, List<(string Quote, double Confidence)> People)
    {
        /// <summary>The structural commitment finder's candidates (<see cref="CommitmentFinder"/>).</summary>
        public List<Finding> Promises { get; init; } = [];
    }

    /// <summary>Cross-validates, chooses thresholds and calibrations, and trains the final model on everything.</summary>
    public static BriefModel Train(IReadOnlyList<LabelledSource> sources, ISentenceEncoder encoder, string trainedOn, SoftmaxRegression.Options? options = null, Action<string>? log = null, Action<string>? misses = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(encoder);
        var cached = encoder as CachingEncoder ?? new CachingEncoder(encoder);
        var examples = Examples(sources, cached, default);
        log?.Invoke($"{examples.Count} sentences from {sources.Count} sources ({sources.Count(s => s.Scored)} scored: premAI conversations in {Folds} folds, each other repository a fold of its own; {sources.Where(s => s.Scored).Select(s => s.Group).Distinct().Count()} groups); {examples.Count(e => e.Target[0] < 1)} positive for a kind");

        var outcomes = new List<Outcome>();
        var sentenceScores = LearnedLayer.Kinds.Select(_ => new List<(double P, bool Positive)>()).ToArray();
        var identity = LearnedLayer.Kinds.Select(k => new KindModel(k, 0)).ToArray();
        var folds = new FoldPlan(sources.Where(s => s.Scored).Select(s => s.Group));
        for (var fold = 0; fold < folds.Count; fold++)
        {
            var held = sources.Where(s => s.Scored && folds.Of(s.Group) == fold).ToList();
            if (held.Count == 0)
            {
                continue;
            }

            var foldModel = Fit([.. examples.Where(e => !(e.Scored && folds.Of(e.Group) == fold))], cached, identity, trainedOn, options);
            foreach (var s in held)
            {
                if (SourceReader.Read(s.Source).Source is not { } parsed)
                {
                    continue;
                }

                var views = OfflineBriefExtractor.Views(parsed, s.Hints);
                var found = StakeholderFinder.Find(views, s.Hints).Select(p => (p.Quote, p.Confidence)).ToList();
                outcomes.Add(new Outcome(s.Name, s.Labels, parsed, views, LearnedLayer.Score(views, cached, foldModel, default), found) { Promises = [.. CommitmentFinder.Find(views)] });
            }

            foreach (var e in examples.Where(e => e.Scored && folds.Of(e.Group) == fold))
            {
                var p = SoftmaxRegression.Score(foldModel.Weights, foldModel.Bias, e.X, e.Mask);
                for (var k = 0; k < LearnedLayer.Kinds.Length; k++)
                {
                    if (e.Mask[k + 1])
                    {
                        sentenceScores[k].Add((p[k + 1], e.Target[k + 1] > 0));
                    }
                }
            }
        }

        var kinds = new List<KindModel>();
        var report = new List<string>();
        var chosen = new List<KindResult>();
        var others = outcomes.Where(o => !IsPremAi(o.Source)).ToList();
        for (var k = 0; k < LearnedLayer.Kinds.Length; k++)
        {
            var result = ChooseThreshold(k, outcomes, others);
            foreach (var r in Sweep(k, others, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], null))
            {
                log?.Invoke($"  sweep on the other sources: {r}");
            }

            var (a, b) = Platt(sentenceScores[k]);
            kinds.Add(new KindModel(LearnedLayer.Kinds[k], result.Threshold, a, b));
            chosen.Add(result);
            report.Add(result.ToString());
            if (misses is not null)
            {
                Sweep(k, outcomes, [result.Threshold], misses);
            }
        }

        // Commitments (round 5): the model alone never passes the floor on the other sources, so the structural finder
        // is tried as well, alone and gated by the model's probability; the best of all passing the stricter rule is kept.
        var promiseAll = Promises(outcomes, PromiseGrid, kinds[4].Threshold, null);
        var promiseOthers = Promises(others, PromiseGrid, kinds[4].Threshold, null);
        foreach (var r in promiseOthers)
        {
            log?.Invoke($"  sweep on the other sources: {r}");
        }

        var promised = PickStrict(promiseAll, promiseOthers);
        if (promised.Threshold < Off && (chosen[0].Threshold >= Off || Balanced(promised, promiseOthers[promiseAll.IndexOf(promised)]).F1 > Balanced(chosen[0], Sweep(0, others, [chosen[0].Threshold], null)[0]).F1))
        {
            kinds[0] = kinds[0] with { Threshold = promised.Threshold, RuleConfidence = promised.RuleConfidence };
            chosen[0] = promised;
            report[0] = promised.ToString();
        }

        if (misses is not null && kinds[0].RuleConfidence > 0)
        {
            Promises(outcomes, [(kinds[0].RuleConfidence, kinds[0].Threshold)], kinds[4].Threshold, misses);
        }

        double[] peopleThresholds = [0.5, 0.6, 0.7, 0.8, 0.9, Off];
        var people = PickStrict(People(outcomes, peopleThresholds, null), People(others, peopleThresholds, null));
        foreach (var r in People(others, peopleThresholds, null))
        {
            log?.Invoke($"  sweep on the other sources: {r}");
        }

        kinds.Add(new KindModel(StakeholdersKind, people.Threshold));
        if (misses is not null)
        {
            People(outcomes, [people.Threshold], misses);
        }

        chosen.Add(people);
        report.Add(people.ToString());
        report.Add(new KindResult("all (micro)", 0, chosen.Sum(c => c.Matched), chosen.Sum(c => c.Predicted), chosen.Sum(c => c.Labelled)).ToString());
        foreach (var (subset, which) in new[] { ("premAI conversations", true), ("other sources", false) })
        {
            var part = outcomes.Where(o => IsPremAi(o.Source) == which).ToList();
            var parts = LearnedLayer.Kinds.Select((_, k) => k == 0 && kinds[0].RuleConfidence > 0 ? Promises(part, [(kinds[0].RuleConfidence, kinds[0].Threshold)], kinds[4].Threshold, null)[0] : Sweep(k, part, [kinds[k].Threshold], null)[0]).Append(People(part, [people.Threshold], null)[0]).ToList();
            if (!which)
            {
                report.AddRange(parts.Select(p => $"{p} on the {part.Count} {subset}"));
            }

            report.Add(new KindResult($"all (micro), {part.Count} {subset}", 0, parts.Sum(c => c.Matched), parts.Sum(c => c.Predicted), parts.Sum(c => c.Labelled)).ToString());
        }
        foreach (var line in report)
        {
            log?.Invoke("cross-validation " + line);
        }

        return Fit(examples, cached, kinds, trainedOn, options) with { CrossValidation = report };
    }

    private static BriefModel Fit(IReadOnlyList<Example> rows, ISentenceEncoder encoder, IReadOnlyList<KindModel> kinds, string trainedOn, SoftmaxRegression.Options? options)
    {
        // One synthetic data set (premAI) is most of the corpus; its conversations can be weighed down so
        // that it does not decide alone what a risk or a term sounds like.
        var premAi = options?.PremAiWeight ?? 1;
        var (weights, bias) = SoftmaxRegression.Train([.. rows.Select(r => r.X)], [.. rows.Select(r => r.Target)], [.. rows.Select(r => r.Mask)], options,
            [.. rows.Select(r => r.Group.StartsWith("premai-", StringComparison.Ordinal) ? premAi : 1.0)]);
        return new BriefModel(encoder.Name, encoder.Dimensions, SentenceFeatures.Names, LearnedLayer.Classes, weights, bias, kinds, trainedOn);
    }

    /// <summary>The threshold <see cref="Pick"/> chooses from the out-of-fold drafts of all scored sources and of those not from premAI.</summary>
    internal static KindResult ChooseThreshold(int kind, IReadOnlyList<Outcome> outcomes, IReadOnlyList<Outcome> others)
    {
        double[] thresholds = [.. Enumerable.Range(2, 97).Select(i => i / 100.0)];
        return Pick(Sweep(kind, outcomes, thresholds, null), Sweep(kind, others, thresholds, null));
    }

    /// <summary>
    /// Of one kind's results at several thresholds (on all scored sources, and on the sources that are not
    /// premAI conversations): the threshold with the best F1 on a <b>balanced</b> mix — the premAI
    /// conversations and the other sources counted with equal weight (each part's counts scaled by one over
    /// its number of labels), because one synthetic data set is most of the corpus and unseen calls are
    /// not like it — among those where the balanced precision reaches <see cref="MinPrecision"/> with
    /// three matches or more in all. When none does, the kind is switched off (<see cref="Off"/>): an AE
    /// shown mostly wrong suggestions stops reading them, so a kind that is not precise shows nothing.
    /// </summary>
    internal static KindResult Pick(IReadOnlyList<KindResult> all, IReadOnlyList<KindResult> others)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(others);
        var qualified = all.Zip(others)
            .Select(r => (All: r.First, Balanced: Balanced(r.First, r.Second)))
            .Where(r => r.All.Matched >= 3 && r.Balanced.Precision >= MinPrecision)
            .OrderByDescending(r => r.Balanced.F1).ThenBy(r => r.All.Threshold)
            .Select(r => r.All).FirstOrDefault();
        return qualified ?? new KindResult(all.Count > 0 ? all[0].Kind : "", Off, 0, 0, all.Count > 0 ? all[0].Labelled : 0);
    }

    /// <summary>
    /// <see cref="Pick"/>, stricter: the kinds switched on by a rule (commitments from the structural finder, stakeholders from
    /// the name/role finder) must also reach <see cref="MinPrecision"/> on the sources that are not premAI conversations alone,
    /// with three matches there — those are what an unseen customer's calls and notes look like.
    /// </summary>
    internal static KindResult PickStrict(IReadOnlyList<KindResult> all, IReadOnlyList<KindResult> others)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(others);
        var passing = all.Zip(others).Where(r => r.Second.Matched >= 3 && r.Second.Precision >= MinPrecision).ToList();
        var picked = Pick([.. passing.Select(r => r.First)], [.. passing.Select(r => r.Second)]);
        return picked.Threshold < Off ? picked : new KindResult(all.Count > 0 ? all[0].Kind : "", Off, 0, 0, all.Count > 0 ? all[0].Labelled : 0);
    }

    /// <summary>The structural commitment finder's confidences × the model's commitment probability tried (0: the finder alone).</summary>
    internal static readonly (double Rule, double Model)[] PromiseGrid =
        [.. new[] { 0.6, 0.7, 0.8, 0.9 }.SelectMany(r => new[] { 0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5 }.Select(m => (r, m)))];

    /// <summary>Commitments shown by <see cref="LearnedLayer.Promised"/> at each (finder confidence, model threshold), matched like the evaluator.</summary>
    internal static List<KindResult> Promises(IReadOnlyList<Outcome> outcomes, IReadOnlyList<(double Rule, double Model)> grid, double termThreshold, Action<string>? misses)
    {
        var results = new List<KindResult>();
        foreach (var (rule, model) in grid)
        {
            int matched = 0, predicted = 0, labelled = 0;
            foreach (var o in outcomes)
            {
                var labels = o.Labels.Commitments.Select(i => i.Quote).ToList();
                var items = OfflineBriefExtractor.Shape(FindingKind.Commitment, [.. LearnedLayer.Promised(o.Promises, o.Scored, rule, model, termThreshold)], o.Views);
                var quotes = items.Select(f => o.Parsed.Text[f.Start..f.End]).ToList();
                matched += Match(quotes, labels, (i, j) => BriefEvaluator.OverlapRatio(NormalizedText.Normalize(quotes[i]), NormalizedText.Normalize(labels[j])),
                    misses is null ? null : (q, fp) => misses($"{(fp ? "FP" : "FN")} {o.Source} commitments: \"{q}\""));
                predicted += quotes.Count;
                labelled += labels.Count;
            }

            results.Add(new KindResult(LearnedLayer.Commitments, model, matched, predicted, labelled) { RuleConfidence = rule });
        }

        return results;
    }

    /// <summary>
    /// Without any model: the structural commitment finder (alone) and the name/role finder on the scored sources, all and
    /// the other sources, with their errors — a quick look while working on those rules (`train-brief --rules-only`).
    /// </summary>
    public static void RulesOnly(IReadOnlyList<LabelledSource> sources, Action<string> log, Action<string>? misses)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(log);
        var outcomes = new List<Outcome>();
        foreach (var s in sources.Where(s => s.Scored))
        {
            if (SourceReader.Read(s.Source).Source is not { } parsed)
            {
                continue;
            }

            var views = OfflineBriefExtractor.Views(parsed, s.Hints);
            outcomes.Add(new Outcome(s.Name, s.Labels, parsed, views, [], [.. StakeholderFinder.Find(views, s.Hints).Select(p => (p.Quote, p.Confidence))]) { Promises = [.. CommitmentFinder.Find(views)] });
        }

        var others = outcomes.Where(o => !IsPremAi(o.Source)).ToList();
        (double, double)[] grid = [(0.6, 0), (0.7, 0), (0.8, 0), (0.9, 0)];
        foreach (var (a, o) in Promises(outcomes, grid, Off, null).Zip(Promises(others, grid, Off, null)))
        {
            log($"all: {a}   other sources: {o}");
        }

        // The cue rules of goals and success criteria alone, for comparison (they were written from tests/brief-devset, not these sources).
        foreach (var (kind, name) in new[] { (FindingKind.Goal, LearnedLayer.Goals), (FindingKind.Success, LearnedLayer.Success) })
        {
            var counts = new[] { outcomes, others }.Select(part =>
            {
                int matched = 0, predicted = 0, labelled = 0;
                foreach (var o in part)
                {
                    var labels = Items(o.Labels, name).Select(i => i.Quote).ToList();
                    var found = o.Views.SelectMany(GoalRule.Find).Where(f => f.Kind == kind).ToList();
                    var items = OfflineBriefExtractor.Shape(kind, found, o.Views);
                    var quotes = items.Select(f => o.Parsed.Text[f.Start..f.End]).ToList();
                    matched += Match(quotes, labels, (i, j) => BriefEvaluator.OverlapRatio(NormalizedText.Normalize(quotes[i]), NormalizedText.Normalize(labels[j])), null);
                    predicted += quotes.Count;
                    labelled += labels.Count;
                }

                return new KindResult(name + " (cue rule)", 0, matched, predicted, labelled);
            }).ToList();
            log($"all: {counts[0]}   other sources: {counts[1]}");
        }

        double[] people = [0.5, 0.6, 0.7, 0.8, 0.9];
        foreach (var (a, o) in People(outcomes, people, null).Zip(People(others, people, null)))
        {
            log($"all: {a}   other sources: {o}");
        }

        if (misses is not null)
        {
            Promises(outcomes, [(0.6, 0)], Off, misses);
            People(outcomes, [0.8], misses);
        }
    }

    /// <summary>Precision and F1 with the premAI part (all minus others) and the other part weighed equally.</summary>
    internal static (double Precision, double F1) Balanced(KindResult all, KindResult others)
    {
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(others);
        var premAi = (Matched: all.Matched - others.Matched, Predicted: all.Predicted - others.Predicted, Labelled: all.Labelled - others.Labelled);
        double wp = premAi.Labelled > 0 ? 1.0 / premAi.Labelled : 0, wo = others.Labelled > 0 ? 1.0 / others.Labelled : 0;
        var matched = (wp * premAi.Matched) + (wo * others.Matched);
        var predicted = (wp * premAi.Predicted) + (wo * others.Predicted);
        var labelled = (wp * premAi.Labelled) + (wo * others.Labelled);
        var p = predicted > 0 ? matched / predicted : 0;
        var r = labelled > 0 ? matched / labelled : 0;
        return (p, p + r > 0 ? 2 * p * r / (p + r) : 0);
    }

    /// <summary>The threshold of a kind that is not shown at all (above any probability).</summary>
    public const double Off = 1.01;

    /// <summary>
    /// Matched / predicted / labelled of one kind at each threshold: the items the product would show
    /// at that threshold (resolved risks dropped, neighbours joined), matched like the evaluator (one to
    /// one, best overlap first). With <paramref name="misses"/>, the errors at the (single) threshold.
    /// </summary>
    internal static List<KindResult> Sweep(int kind, IReadOnlyList<Outcome> outcomes, double[] thresholds, Action<string>? misses)
    {
        var name = LearnedLayer.Kinds[kind];
        var findingKind = new[] { FindingKind.Commitment, FindingKind.Goal, FindingKind.Success, FindingKind.Risk, FindingKind.Term }[kind];
        var totals = thresholds.Select(t => new int[3]).ToArray();
        var identity = new KindModel(name, 0);
        foreach (var o in outcomes)
        {
            var labels = Items(o.Labels, name).Select(i => i.Quote).ToList();
            var cache = new Dictionary<(int, int, int), double>();
            for (var t = 0; t < thresholds.Length; t++)
            {
                var items = OfflineBriefExtractor.Shape(findingKind, [.. LearnedLayer.Decide(o.Scored, kind, thresholds[t], identity)], o.Views);
                var quotes = items.Select(f => o.Parsed.Text[f.Start..f.End]).ToList();
                var matched = Match(quotes, labels, (i, j) =>
                {
                    var key = (items[i].Start, items[i].End, j);
                    if (!cache.TryGetValue(key, out var r))
                    {
                        cache[key] = r = BriefEvaluator.OverlapRatio(NormalizedText.Normalize(quotes[i]), NormalizedText.Normalize(labels[j]));
                    }

                    return r;
                }, misses is null ? null : (q, fp) => misses($"{(fp ? "FP" : "FN")} {o.Source} {name}: \"{q}\""));
                totals[t][0] += matched;
                totals[t][1] += quotes.Count;
                totals[t][2] += labels.Count;
            }
        }

        return [.. thresholds.Select((t, i) => new KindResult(name, t, totals[i][0], totals[i][1], totals[i][2]))];
    }

    /// <summary>The name/role finder's stakeholders at each confidence threshold, matched like the evaluator.</summary>
    private static List<KindResult> People(IReadOnlyList<Outcome> outcomes, double[] thresholds, Action<string>? misses)
    {
        var results = new List<KindResult>();
        foreach (var t in thresholds)
        {
            int matched = 0, predicted = 0, labelled = 0;
            foreach (var o in outcomes)
            {
                var labels = o.Labels.Stakeholders.Select(i => i.Quote).ToList();
                var shown = o.People.Where(p => p.Confidence >= t).Select(p => p.Quote).ToList();
                matched += Match(shown, labels, (i, j) => BriefEvaluator.OverlapRatio(NormalizedText.Normalize(shown[i]), NormalizedText.Normalize(labels[j])),
                    misses is null ? null : (q, fp) => misses($"{(fp ? "FP" : "FN")} {o.Source} stakeholders: \"{q}\""));
                predicted += shown.Count;
                labelled += labels.Count;
            }

            results.Add(new KindResult(StakeholdersKind, t, matched, predicted, labelled));
        }

        return results;
    }

    /// <summary>The name of the stakeholder finder's entry in <see cref="BriefModel.Kinds"/> (a threshold on its rule confidence).</summary>
    public const string StakeholdersKind = "stakeholders";

    private static int Match(List<string> predicted, List<string> labels, Func<int, int, double> ratio, Action<string, bool>? miss)
    {
        var pairs = Enumerable.Range(0, predicted.Count).SelectMany(i => Enumerable.Range(0, labels.Count).Select(j => (I: i, J: j, R: ratio(i, j))))
            .Where(x => x.R >= 0.5).OrderByDescending(x => x.R).ThenBy(x => x.I).ThenBy(x => x.J);
        var usedP = new HashSet<int>();
        var usedL = new HashSet<int>();
        foreach (var (i, j, _) in pairs)
        {
            if (!usedP.Contains(i) && !usedL.Contains(j))
            {
                usedP.Add(i);
                usedL.Add(j);
            }
        }

        if (miss is not null)
        {
            foreach (var i in Enumerable.Range(0, predicted.Count).Where(i => !usedP.Contains(i)))
            {
                miss(predicted[i], true);
            }

            foreach (var j in Enumerable.Range(0, labels.Count).Where(j => !usedL.Contains(j)))
            {
                miss(labels[j], false);
            }
        }

        return usedP.Count;
    }

    /// <summary>Platt scaling: sigmoid(A·logit(p) + B) fitted to the out-of-fold outcomes (A kept positive, so the order of scores never changes).</summary>
    internal static (double A, double B) Platt(List<(double P, bool Positive)> scores)
    {
        if (scores.Count == 0 || scores.All(s => s.Positive) || scores.All(s => !s.Positive))
        {
            return (1, 0);
        }

        var z = scores.Select(s => Math.Log(Math.Clamp(s.P, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(s.P, 1e-6, 1 - 1e-6)))).ToArray();
        double a = 1, b = 0;
        for (var step = 0; step < 2000; step++)
        {
            double ga = 0, gb = 0;
            for (var i = 0; i < z.Length; i++)
            {
                var q = 1 / (1 + Math.Exp(-((a * z[i]) + b)));
                var err = q - (scores[i].Positive ? 1 : 0);
                ga += err * z[i];
                gb += err;
            }

            a -= 0.5 * ga / z.Length;
            b -= 0.5 * gb / z.Length;
        }

        return (Math.Max(a, 0.05), b);
    }

    private static List<EvidenceItem> Items(BriefDocument d, string kind) => kind switch
    {
        LearnedLayer.Commitments => [.. d.Commitments],
        LearnedLayer.Goals => [.. d.Goals],
        LearnedLayer.Success => [.. d.SuccessCriteria],
        LearnedLayer.Risks => [.. d.Risks],
        LearnedLayer.Terms => [.. d.SpecialTerms],
        _ => [.. d.Stakeholders],
    };

    private static bool IsPremAi(string source) => source.Contains("/premai-", StringComparison.Ordinal);

    /// <summary>
    /// Which fold a group is drafted in: premAI conversations (each its own group, all alike) in
    /// <see cref="Folds"/> folds by a hash of the group; every other repository a fold of its own, so each
    /// is drafted by a model that never saw that repository (leave one repository out) — the setting of
    /// an unseen customer's calls.
    /// </summary>
    private sealed class FoldPlan
    {
        private readonly Dictionary<string, int> others = new(StringComparer.Ordinal);

        public FoldPlan(IEnumerable<string> groups)
        {
            foreach (var g in groups.Where(g => !g.StartsWith("premai-", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                others[g] = Folds + others.Count;
            }
        }

        public int Count => Folds + others.Count;

        public int Of(string group) => others.TryGetValue(group, out var fold) ? fold : SHA256.HashData(Encoding.UTF8.GetBytes(group))[0] % Folds;
    }

    /// <summary>file → group from a corpus folder's ../SOURCES.md (the repository; a premAI conversation is its own group).</summary>
    private static async Task<Dictionary<string, string>> CorpusGroupsAsync(string folder, CancellationToken ct)
    {
        var table = Path.Combine(folder, "..", "SOURCES.md");
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(table))
        {
            return groups;
        }

        foreach (var line in await File.ReadAllLinesAsync(table, ct))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 5 || !cells[3].Contains(" @ ", StringComparison.Ordinal))
            {
                continue;
            }

            var repository = cells[3][..cells[3].IndexOf(" @ ", StringComparison.Ordinal)];
            groups[cells[2]] = repository == PremAiRepository ? cells[2] : repository;
        }

        return groups;
    }

    /// <summary>The synthetic data set whose conversations are independent of each other (tests/brief-corpus/SPLIT.md).</summary>
    public const string PremAiRepository = "premAI-io/sales-calls-analysis";
}
