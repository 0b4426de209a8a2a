using System.Security.Cryptography;
using System.Text;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Brief.Learned;

/// <summary>
/// Trains the learned layer from labelled folders: every candidate sentence of every labelled source
/// is an example, positive for a kind when a label of that kind quotes it (the evaluator's overlap
/// rule). Deterministic: sources in ordinal order, zero-initialised full-batch regression, folds by a
/// hash of the source name. Each kind's threshold is the one that gives the best F1 at a precision of
/// at least <see cref="MinPrecision"/> on scores the model did not train on (out-of-fold predictions
/// on the training folders, plus the dev folders).
/// </summary>
public static class BriefTrainer
{
    public const double MinPrecision = 0.65;
    private const int Folds = 3;

    public sealed record Example(string Source, float[] X, bool[] Positive, bool[] Allowed);

    public static async Task<List<Example>> ExamplesAsync(string folder, ISentenceEncoder encoder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var examples = new List<Example>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(SourceFiles.IsSource).Order(StringComparer.Ordinal))
        {
            var labelsPath = SourceFiles.Stem(path) + ".labels.json";
            if (!File.Exists(labelsPath))
            {
                continue;
            }

            var labels = BriefJson.Deserialize(await File.ReadAllTextAsync(labelsPath, ct));
            var loaded = await SourceFiles.LoadAsync(path, SourceReader.DefaultMaxChars, ct);
            if (loaded.Source is null || SourceReader.Read(loaded.Source).Source is not { } parsed)
            {
                continue;
            }

            var views = OfflineBriefExtractor.Views(parsed, loaded.Hints).Where(LearnedLayer.IsCandidate).ToList();
            if (views.Count == 0)
            {
                continue;
            }

            var quotes = new[]
            {
                labels.Commitments.Select(l => l.Quote).ToList(),
                labels.Goals.Select(l => l.Quote).ToList(),
                labels.SuccessCriteria.Select(l => l.Quote).ToList(),
                labels.Risks.Select(l => l.Quote).ToList(),
                labels.SpecialTerms.Select(l => l.Quote).ToList(),
            };
            var embeddings = encoder.Encode([.. views.Select(v => v.Sentence.Text)], ct);
            for (var i = 0; i < views.Count; i++)
            {
                var text = views[i].Sentence.Text;
                var positive = quotes.Select(q => q.Any(quote => BriefEvaluator.Overlaps(text, quote))).ToArray();
                var allowed = LearnedLayer.Kinds.Select(k => LearnedLayer.Allowed(k, views[i])).ToArray();
                examples.Add(new Example(Path.GetFileName(folder.TrimEnd('/', '\\')) + "/" + Path.GetFileName(path), LearnedLayer.Vector(embeddings[i], SentenceFeatures.Of(views[i])), positive, allowed));
            }
        }

        return examples;
    }

    public static BriefModel Train(IReadOnlyList<Example> train, IReadOnlyList<Example> dev, ISentenceEncoder encoder, string trainedOn, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        ArgumentNullException.ThrowIfNull(encoder);
        var kinds = new KindModel[LearnedLayer.Kinds.Length];
        Parallel.For(0, kinds.Length, k =>
        {
            var rows = train.Where(e => e.Allowed[k]).ToList();
            var scored = new List<(double Score, bool Positive)>();
            for (var fold = 0; fold < Folds; fold++)
            {
                var inFold = rows.Where(e => Fold(e.Source) == fold).ToList();
                var rest = rows.Where(e => Fold(e.Source) != fold).ToList();
                var (w, b) = LogisticRegression.Train([.. rest.Select(e => e.X)], [.. rest.Select(e => e.Positive[k])]);
                // The cue rules (features here) were written looking at the devset, so its out-of-fold
                // scores flatter the model: thresholds come from sources nobody tuned anything on.
                scored.AddRange(inFold.Where(e => !e.Source.StartsWith("brief-devset/", StringComparison.Ordinal)).Select(e => (LogisticRegression.Score(w, b, e.X), e.Positive[k])));
            }

            var (weights, bias) = LogisticRegression.Train([.. rows.Select(e => e.X)], [.. rows.Select(e => e.Positive[k])]);
            scored.AddRange(dev.Where(e => e.Allowed[k]).Select(e => (LogisticRegression.Score(weights, bias, e.X), e.Positive[k])));
            var (threshold, p, r) = Threshold(scored);
            log?.Invoke($"{LearnedLayer.Kinds[k]}: {rows.Count(e => e.Positive[k])} positive of {rows.Count}; threshold {threshold:0.000} (held-apart precision {p:0.00}, recall {r:0.00})");
            kinds[k] = new KindModel(LearnedLayer.Kinds[k], weights, bias, threshold);
        });

        return new BriefModel(encoder.Name, encoder.Dimensions, SentenceFeatures.Names, kinds, trainedOn);
    }

    /// <summary>The threshold with the best F1 among those reaching <see cref="MinPrecision"/>; failing that, the most precise one.</summary>
    internal static (double Threshold, double Precision, double Recall) Threshold(List<(double Score, bool Positive)> scored)
    {
        var positives = scored.Count(s => s.Positive);
        var ordered = scored.OrderByDescending(s => s.Score).ToList();
        var best = (Threshold: 1.0, Precision: 0.0, Recall: 0.0, F1: -1.0);
        var fallback = (Threshold: 1.0, Precision: 0.0, Recall: 0.0);
        var tp = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            tp += ordered[i].Positive ? 1 : 0;
            if (i + 1 < ordered.Count && ordered[i + 1].Score == ordered[i].Score)
            {
                continue;
            }

            var precision = (double)tp / (i + 1);
            var recall = positives == 0 ? 0 : (double)tp / positives;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (precision >= MinPrecision && f1 > best.F1 && tp >= 2)
            {
                best = (ordered[i].Score, precision, recall, f1);
            }

            if (tp >= 2 && precision > fallback.Precision)
            {
                fallback = (ordered[i].Score, precision, recall);
            }
        }

        return best.F1 >= 0 ? (best.Threshold, best.Precision, best.Recall) : (Math.Max(fallback.Threshold, 0.5), fallback.Precision, fallback.Recall);
    }

    private static int Fold(string source) => SHA256.HashData(Encoding.UTF8.GetBytes(source))[0] % Folds;
}
