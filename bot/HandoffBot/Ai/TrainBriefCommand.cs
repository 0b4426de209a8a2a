using System.Globalization;
using HandoffBot.Cli;
using HandoffBot.Core.Brief.Learned;

namespace HandoffBot.Ai;

/// <summary>
/// `train-brief [--train DIR]... [--cv DIR]... [--out FILE] [--l2 X] [--steps N] [--premai-weight W] [--class-weight-cap C] [--cache FILE] [--misses FILE] [--rules-only]`: retrains the offline
/// brief's learned layer (docs/ai-brief.md). --train folders (default tests/brief-devset and tests/brief-train-extra, written by
/// this team) are trained on in every fold and never scored; --cv folders (default
/// tests/brief-corpus/train and tests/brief-corpus/dev, written by others) are split into folds by
/// repository and choose the thresholds. Writes bot/HandoffBot.Core/Brief/Learned/brief-model.json.
/// Never reads tests/brief-corpus/test. Class weights capped at 1.5 unless --class-weight-cap says otherwise. Deterministic: the same folders give the same file. --cache keeps sentence vectors between runs; --misses lists the out-of-fold errors; --rules-only scores only the commitment and stakeholder finders (no model).
/// </summary>
public sealed class TrainBriefCommand(SharedMiniLm encoder) : ICliCommand
{
    public string Name => "train-brief";

    public string Usage => "train-brief [--train DIR]... [--cv DIR]... [--out FILE] [--l2 X] [--steps N] [--premai-weight W] [--class-weight-cap C] [--cache FILE] [--misses FILE] [--rules-only]   retrain the offline brief classifier";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var train = new List<string>();
        var cv = new List<string>();
        var outPath = "bot/HandoffBot.Core/Brief/Learned/brief-model.json";
        var options = new SoftmaxRegression.Options(MaxClassWeight: 1.5); // the shipped model's setting (docs/ai-brief.md)
        string? cachePath = null;
        string? missesPath = null;
        var rulesOnly = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--train" when i + 1 < args.Count: train.Add(args[++i]); break;
                case "--cv" when i + 1 < args.Count: cv.Add(args[++i]); break;
                case "--out" when i + 1 < args.Count: outPath = args[++i]; break;
                case "--cache" when i + 1 < args.Count: cachePath = args[++i]; break;
                case "--misses" when i + 1 < args.Count: missesPath = args[++i]; break;
                case "--rules-only": rulesOnly = true; break;
                case "--l2" when i + 1 < args.Count && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var l2): options = options with { L2 = l2 }; i++; break;
                case "--premai-weight" when i + 1 < args.Count && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pw): options = options with { PremAiWeight = pw }; i++; break;
                case "--class-weight-cap" when i + 1 < args.Count && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var cap): options = options with { MaxClassWeight = cap }; i++; break;
                case "--steps" when i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var steps): options = options with { Steps = steps }; i++; break;
                default:
                    await error.WriteLineAsync("Usage: " + Usage);
                    return 2;
            }
        }

        train = train.Count > 0 ? train : ["tests/brief-devset", "tests/brief-train-extra"];
        cv = cv.Count > 0 ? cv : ["tests/brief-corpus/train", "tests/brief-corpus/dev"];
        if (train.Concat(cv).FirstOrDefault(d => !Directory.Exists(d)) is { } missing)
        {
            await error.WriteLineAsync($"{missing}: folder not found (run from the repository root).");
            return 2;
        }

        if (train.Concat(cv).Any(d => d.Replace('\\', '/').TrimEnd('/').EndsWith("brief-corpus/test", StringComparison.Ordinal)))
        {
            await error.WriteLineAsync("tests/brief-corpus/test is held out: nothing may be trained or tuned on it.");
            return 2;
        }

        var sources = new List<BriefTrainer.LabelledSource>();
        foreach (var folder in train)
        {
            sources.AddRange(await BriefTrainer.LoadAsync(folder, scored: false, ct));
        }

        foreach (var folder in cv)
        {
            sources.AddRange(await BriefTrainer.LoadAsync(folder, scored: true, ct));
        }

        if (rulesOnly)
        {
            var found = new List<string>();
            BriefTrainer.RulesOnly(sources, l => output.WriteLine(l), missesPath is null ? null : found.Add);
            if (missesPath is not null)
            {
                await File.WriteAllLinesAsync(missesPath, found, ct);
            }

            return 0;
        }

        var trainedOn = $"trained on {string.Join(", ", train.Concat(cv))}; thresholds and calibration from {BriefTrainer.Folds}-fold cross-validation over {string.Join(", ", cv)} (grouped by repository); options {options}";
        var cached = new CachingEncoder(encoder);
        if (cachePath is not null && File.Exists(cachePath))
        {
            cached.Load(cachePath);
        }

        var misses = new List<string>();
        var model = BriefTrainer.Train(sources, cached, trainedOn, options, l => output.WriteLine(l), missesPath is null ? null : misses.Add);
        if (missesPath is not null)
        {
            await File.WriteAllLinesAsync(missesPath, misses, ct);
        }

        if (cachePath is not null)
        {
            cached.Save(cachePath);
        }

        await File.WriteAllTextAsync(outPath, model.Serialize(), ct);
        await output.WriteLineAsync($"written {outPath}");
        return 0;
    }
}
